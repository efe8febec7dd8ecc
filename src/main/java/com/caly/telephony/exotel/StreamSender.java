package com.caly.telephony.exotel;

/** Sends our messages to Exotel on a call's stream, in order, without ever blocking the caller. */
interface StreamSender {

    /**
     * Queues a text message.
     *
     * @param audioMillis how long the audio in it plays (0 for a mark or a clear): what the queue's bound counts
     */
    void send(String json, long audioMillis);
}
