package com.caly.telephony.exotel;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stream's messages straight to its channel, on the channel's event loop, which is the call's loop: no
 * queue of our own and no other thread. What the socket has not yet taken is counted as it completes; past
 * {@link AsyncStreamSender#MAX_WAITING_AUDIO_MS} of audio Exotel is not reading, nothing more is sent, and the
 * stream is closed.
 */
final class NettyStreamSender implements StreamSender {

    private static final Logger log = LoggerFactory.getLogger(NettyStreamSender.class);

    private final Channel channel;
    private final Runnable notReading;
    private long waitingAudioMs;
    private int waitingMessages;
    private boolean stopped;

    NettyStreamSender(Channel channel, Runnable notReading) {
        this.channel = channel;
        this.notReading = notReading;
    }

    @Override
    public void send(String json, long audioMillis) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> send(json, audioMillis));
            return;
        }
        if (stopped) {
            return;
        }
        waitingAudioMs += audioMillis;
        waitingMessages++;
        if (waitingAudioMs > AsyncStreamSender.MAX_WAITING_AUDIO_MS
                || waitingMessages > AsyncStreamSender.MAX_WAITING_MESSAGES) {
            stopped = true;
            log.warn(
                    "Stream {}: Exotel is not reading ({} ms of audio in {} messages waiting); closing it",
                    channel.id().asShortText(),
                    waitingAudioMs,
                    waitingMessages);
            notReading.run();
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(json)).addListener(written -> {
            waitingAudioMs -= audioMillis;
            waitingMessages--;
            if (!written.isSuccess()) {
                stopped = true;
            }
        });
    }
}
