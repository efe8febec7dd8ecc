package com.caly.telephony.exotel;

import org.springframework.web.socket.CloseStatus;

/** The WebSocket a media stream arrives on, whichever server carries it. */
interface MediaSocket {

    String id();

    boolean isOpen();

    /** Closes with the status; may block (the servlet container's close does), so never on a call's loop there. */
    void close(CloseStatus status) throws java.io.IOException;
}
