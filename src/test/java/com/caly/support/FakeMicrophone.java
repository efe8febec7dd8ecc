package com.caly.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts the test's {@link ConsoleBrowser} with a fake microphone, for a test call: the browser grants the
 * microphone without asking, records the WAV file (16-bit PCM) as the caller's voice, and plays audio without a
 * click. Without a file, the microphone plays a steady tone.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface FakeMicrophone {

    /** The WAV file, relative to the project directory; empty for the tone. */
    String value() default "";
}
