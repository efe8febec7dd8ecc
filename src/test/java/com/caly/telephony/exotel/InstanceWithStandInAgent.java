package com.caly.telephony.exotel;

import com.caly.Application;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Caly with the stand-in agent, as a process of its own: tests kill it to see what a crash leaves behind. */
public final class InstanceWithStandInAgent {

    private InstanceWithStandInAgent() {}

    public static void main(String[] args) {
        new SpringApplicationBuilder(Application.class, StandInVoiceAgent.class).run(args);
    }
}
