package ensemble.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import org.junit.jupiter.api.Test;

class TransportTest {
    @Test
    void channelsFollowTheTransportOfTheGroup() {
        EventLoopGroup nio = Transport.NIO.newGroup(1);
        try {
            assertEquals(Transport.NIO, Transport.of(nio.next()));
        } finally {
            nio.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
        Transport best = Transport.best();
        EventLoopGroup group = best.newGroup(1);
        try {
            assertEquals(best, Transport.of(group.next()));
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void linuxX86UsesNativeEpoll() {
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertTrue(Epoll.isAvailable(), () -> "native epoll failed to load: " + Epoll.unavailabilityCause());
            assertEquals(Transport.EPOLL, Transport.best());
            assertEquals(EpollDatagramChannel.class, Transport.best().datagramChannel());
        } else {
            assertEquals(Transport.NIO, Transport.best());
        }
    }
}
