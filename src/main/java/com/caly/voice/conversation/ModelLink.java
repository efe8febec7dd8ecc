package com.caly.voice.conversation;

/** One connection to the realtime model, as the conversation sees it. Used on the call's loop only. */
public interface ModelLink {

    /** Sends one event (JSON text). */
    void send(String json);

    /** Closes the connection; its events stop. */
    void close();

    /** Opens connections; each reports to the events it was given, on the call's loop. */
    interface Opener {
        ModelLink open(Events events);
    }

    /** What a connection reports. */
    interface Events {
        void opened();

        void text(String json);

        /** A connection that had opened is gone (not by our close): {@code code} -1 for a transport failure. */
        void closed(int code, String reason);

        /** The connection could not be opened. */
        void failed(String why);
    }
}
