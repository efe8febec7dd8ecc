package com.caly.telephony.exotel;

import com.caly.shared.live.CallLoops;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Exotel's stream at /media/exotel through the servlet container, which still serves it when the live-call front
 * does not (a stream opened on a connection that carried other requests first, or the front turned off). The
 * container's thread reads and parses each message and posts it to the call's loop; a start is recorded on that
 * thread, which delivers nothing else of the stream meanwhile.
 */
@Component
class ExotelMediaHandler extends AbstractWebSocketHandler {

    static final String SESSION = "caly.media-session";
    static final String INBOUND = "caly.media-inbound";
    private static final Logger log = LoggerFactory.getLogger(ExotelMediaHandler.class);

    private final MediaStreams streams;
    private final CallLoops loops;

    ExotelMediaHandler(MediaStreams streams, CallLoops loops) {
        this.streams = streams;
        this.loops = loops;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        int rate = (Integer) socket.getAttributes().get(MediaHandshake.SAMPLE_RATE);
        StreamTokens.Claims claims =
                (StreamTokens.Claims) socket.getAttributes().get(MediaHandshake.CLAIMS);
        MediaSession session = streams.open(
                new ContainerSocket(socket),
                loops.next(),
                rate,
                claims,
                notReading -> new AsyncStreamSender(
                        socket.getId(),
                        AsyncStreamSender.tomcat(((StandardWebSocketSession) socket).getNativeSession()),
                        notReading));
        socket.getAttributes().put(SESSION, session);
        socket.getAttributes().put(INBOUND, new InboundMessages());
    }

    /**
     * Messages come in parts of at most the container's buffer (kept small: Tomcat allocates it for every
     * connection up front), and are joined here up to {@link MediaStreams#MAX_FRAME_BYTES}.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        MediaSession session = session(socket);
        InboundMessages inbound = (InboundMessages) socket.getAttributes().get(INBOUND);
        String text = inbound.join(message.getPayload(), message.isLast(), MediaStreams.MAX_FRAME_BYTES);
        if (inbound.oversized()) {
            streams.oversized(session, false);
            return;
        }
        if (text == null) {
            return;
        }
        MediaMessage.Start start = streams.message(session, inbound, text, false);
        if (start != null) {
            streams.start(session, start);
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
        if (message.isLast()) {
            streams.binary(session(socket), false);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        log.debug("Media stream {} transport error: {}", socket.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        MediaSession session = (MediaSession) socket.getAttributes().get(SESSION);
        if (session != null) {
            streams.closed(session, status.getCode());
        }
    }

    private static MediaSession session(WebSocketSession socket) {
        return (MediaSession) socket.getAttributes().get(SESSION);
    }

    private record ContainerSocket(WebSocketSession socket) implements MediaSocket {

        @Override
        public String id() {
            return socket.getId();
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        @Override
        public void close(CloseStatus status) throws IOException {
            socket.close(status);
        }
    }
}
