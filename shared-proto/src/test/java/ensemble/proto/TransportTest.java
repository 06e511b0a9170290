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
    void linuxX86ShipsNativeEpollAndUsesItWhenItLoads() {
        boolean linuxX86 = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
        if (linuxX86) {
            // The native library is on the class path (the build ships it) ...
            assertTrue(getClass().getClassLoader().getResource("META-INF/native/libnetty_transport_native_epoll_x86_64.so") != null,
                    "netty-transport-native-epoll (linux-x86_64) is missing from the class path");
        }
        // ... and the transport follows whether it loads here (it cannot where temp files may not execute).
        assertEquals(linuxX86 && Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO, Transport.best());
        if (Transport.best() == Transport.EPOLL) {
            assertEquals(EpollDatagramChannel.class, Transport.best().datagramChannel());
        }
    }
}
