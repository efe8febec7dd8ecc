package com.caly.shared.live;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * How the live loops poll their sockets. The JDK's selector takes deadlines in whole milliseconds, so Netty polls
 * without sleeping through the last half millisecond before every timer; with a few hundred calls pacing their
 * audio that is most of a loop's time (measured: 133,000 polls a second at 200 calls). Linux's epoll, through
 * Netty's native transport, sleeps to the microsecond. A channel must match its loop's kind, so the channel
 * classes are asked of the loop.
 */
public final class LiveTransport {

    public enum Choice {
        AUTO,
        NIO
    }

    private LiveTransport() {}

    /** Epoll when chosen and available, else the JDK's selector. */
    static IoHandlerFactory handlers(Choice choice) {
        return choice == Choice.AUTO && Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup loops) {
        return epoll(loops) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerSocketChannel> serverChannel(EventLoopGroup loops) {
        return epoll(loops) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** What {@code loops} poll with, for the start-up log. */
    public static String name(EventLoopGroup loops) {
        return epoll(loops) ? "epoll" : "nio";
    }

    private static boolean epoll(EventLoopGroup loops) {
        return loops instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
    }
}
