package com.caly.shared.live;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The threads live calls run on: a few event loops (see {@link LiveProperties#loops}), each carrying many calls. A
 * new call's loop is placed on the next thread in turn.
 */
@Component
public class CallLoops implements AutoCloseable {

    private final EventLoopGroup group;

    @org.springframework.beans.factory.annotation.Autowired
    public CallLoops(LiveProperties properties) {
        this(properties.threads(Runtime.getRuntime().availableProcessors()), properties.io());
    }

    CallLoops(int threads, LiveTransport.Choice io) {
        this.group = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("call-loop", true), LiveTransport.handlers(io));
    }

    /** A loop for a new call. */
    public CallLoop next() {
        return new EventLoopCallLoop(group.next());
    }

    /** A loop for a new call whose channel already runs on {@code eventLoop}: its events need no hand-off. */
    public CallLoop on(io.netty.channel.EventLoop eventLoop) {
        return new EventLoopCallLoop(eventLoop);
    }

    /** The event-loop group, for the channels of live calls. */
    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
