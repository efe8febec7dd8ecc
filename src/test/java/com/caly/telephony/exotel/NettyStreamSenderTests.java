package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender on the stream's own channel: order, and the bound on audio Exotel has not taken. */
class NettyStreamSenderTests {

    /** Holds every write's promise, as a socket whose peer does not read would. */
    private static final class Unread extends ChannelOutboundHandlerAdapter {
        final List<ChannelPromise> pending = new ArrayList<>();
        final List<String> texts = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            texts.add(((TextWebSocketFrame) message).text());
            ((TextWebSocketFrame) message).release();
            pending.add(promise);
        }
    }

    @Test
    void writesEachMessageInOrderAsATextFrame() {
        EmbeddedChannel channel = new EmbeddedChannel();
        int[] notReading = {0};
        NettyStreamSender sender = new NettyStreamSender(channel, () -> notReading[0]++);
        sender.send("{\"event\":\"media\",\"n\":1}", 400);
        sender.send("{\"event\":\"mark\",\"n\":2}", 0);
        assertThat(((TextWebSocketFrame) channel.readOutbound()).text()).isEqualTo("{\"event\":\"media\",\"n\":1}");
        assertThat(((TextWebSocketFrame) channel.readOutbound()).text()).isEqualTo("{\"event\":\"mark\",\"n\":2}");
        assertThat(notReading[0]).isZero();
    }

    @Test
    void moreThanFiveSecondsOfAudioWaitingClosesTheStreamOnceAndSendsNothingMore() {
        Unread socket = new Unread();
        EmbeddedChannel channel = new EmbeddedChannel(socket);
        int[] notReading = {0};
        NettyStreamSender sender = new NettyStreamSender(channel, () -> notReading[0]++);
        for (int i = 0; i < 12; i++) {
            sender.send("chunk " + i, 400); // 4.8 s waiting
        }
        assertThat(notReading[0]).isZero();
        sender.send("chunk 12", 400); // 5.2 s
        assertThat(notReading[0]).isEqualTo(1);
        sender.send("chunk 13", 400);
        assertThat(notReading[0]).isEqualTo(1);
        assertThat(socket.texts).hasSize(12).last().isEqualTo("chunk 11");
    }

    @Test
    void audioTheSocketTookNoLongerCountsAgainstTheBound() {
        Unread socket = new Unread();
        EmbeddedChannel channel = new EmbeddedChannel(socket);
        int[] notReading = {0};
        NettyStreamSender sender = new NettyStreamSender(channel, () -> notReading[0]++);
        for (int i = 0; i < 40; i++) {
            sender.send("chunk " + i, 400);
            socket.pending.remove(0).setSuccess(); // Exotel reads as fast as it is sent
        }
        assertThat(notReading[0]).isZero();
        assertThat(socket.texts).hasSize(40);
    }
}
