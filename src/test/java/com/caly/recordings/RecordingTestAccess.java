package com.caly.recordings;

import org.springframework.context.ApplicationContext;

/** Lets tests of other modules run the upload workers by hand (they do not start on their own in tests). */
public final class RecordingTestAccess {

    private RecordingTestAccess() {}

    public static int drainUploads(ApplicationContext context) {
        return context.getBean(RecordingUploadWorker.class).drain();
    }
}
