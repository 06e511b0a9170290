package ensemble.server.session;

import ensemble.server.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What every session of a node shares: configuration, the token signer, metrics, the UDP
 * channel snapshots go out on, and the directory from UDP tokens to participants.
 */
public final class SessionContext {
    private final ServerConfig config;
    private final TokenSigner signer;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Supplier<Channel> udpChannel;
    private final Map<Long, Participant> udpDirectory = new ConcurrentHashMap<>();
    final SessionMetrics sessionMetrics;

    public SessionContext(ServerConfig config, TokenSigner signer, MeterRegistry metrics, Clock clock,
            Supplier<Channel> udpChannel) {
        this.config = config;
        this.signer = signer;
        this.metrics = metrics;
        this.clock = clock;
        this.udpChannel = udpChannel;
        this.sessionMetrics = new SessionMetrics(metrics);
    }

    public ServerConfig config() {
        return config;
    }

    public TokenSigner signer() {
        return signer;
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    /** Counts a connection closed because its inbox overflowed. */
    public void sessionMetricsInboxOverflow() {
        sessionMetrics.inboxOverflows.increment();
    }

    Channel udpChannel() {
        return udpChannel.get();
    }

    /** The participant a UDP token belongs to, or null. Safe from any thread. */
    public Participant byUdpToken(long token) {
        return udpDirectory.get(token);
    }

    void registerUdp(Participant participant) {
        udpDirectory.put(participant.udpToken, participant);
    }

    void unregisterUdp(Participant participant) {
        udpDirectory.remove(participant.udpToken, participant);
    }
}
