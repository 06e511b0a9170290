package ensemble.proto;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport: native epoll on Linux x86-64 when its library loads, NIO everywhere else.
 * One place decides for the server and the client network core; a client's channels follow the
 * transport of the event loop group it is given ({@link #of}).
 */
public enum Transport {
    EPOLL, NIO;

    /** The best transport this machine offers. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /**
     * The transport of an event loop: channels must match the loop they are registered with. Give
     * it the loop itself, not its group ({@code next()} of a group moves its round robin on).
     */
    public static Transport of(EventLoop loop) {
        return loop instanceof IoEventLoop io && Epoll.isAvailable() && io.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
    }

    /** A group of {@code threads} event loops of this transport, with Netty's default thread names. */
    public EventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
