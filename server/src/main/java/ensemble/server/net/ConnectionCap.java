package ensemble.server.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections one client address holds open on a listener, so that one host cannot
 * take every socket, buffer and handshake slot of the node (a slowloris, a connection flood).
 * A listener's initializer calls {@link #admit} for every accepted channel; an admitted channel
 * is counted until it closes, a refused one is never counted.
 *
 * <p>Thread-safe: called from every I/O thread. The map holds an entry per address with an open
 * connection, so it is bounded by the open connections themselves.
 */
public final class ConnectionCap {
    private final String listener;
    private final int perAddress;
    private final Counter refused;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    /**
     * @param listener   the listener's name in the refusal counter ({@code http}, {@code control})
     * @param perAddress connections allowed per address; 0 admits all
     */
    public ConnectionCap(String listener, int perAddress, MeterRegistry metrics) {
        this.listener = listener;
        this.perAddress = perAddress;
        this.refused = Counter.builder("ensemble_connections_refused_total")
                .description("connections refused because their address already held the most allowed")
                .tag("listener", listener).register(metrics);
    }

    /** True when {@code channel} may proceed; then it is counted until it closes. */
    public boolean admit(Channel channel) {
        InetAddress address = addressOf(channel.remoteAddress());
        if (perAddress == 0 || address == null) {
            return true;
        }
        AtomicInteger count = open.compute(address, (a, c) -> c == null ? new AtomicInteger(1) : increment(c));
        if (count.get() > perAddress) {
            release(address);
            refused.increment();
            return false;
        }
        channel.closeFuture().addListener(closed -> release(address));
        return true;
    }

    /** The refusal a client is told: which cap, and that it is per address. */
    public String refusal() {
        return "too many " + listener + " connections from your address (at most " + perAddress
                + "); close some and try again";
    }

    public int perAddress() {
        return perAddress;
    }

    /** Connections counted as open for {@code address} (for tests and diagnostics). */
    public int open(InetAddress address) {
        AtomicInteger count = open.get(address);
        return count == null ? 0 : count.get();
    }

    private static AtomicInteger increment(AtomicInteger count) {
        count.incrementAndGet();
        return count;
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (a, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
