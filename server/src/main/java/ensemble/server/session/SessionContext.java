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
 * channel snapshots go out on, and the directory of state links by connection id.
 */
public final class SessionContext {
    private final ServerConfig config;
    private final TokenSigner signer;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Supplier<Channel> udpChannel;
    /** Live state links by connection id; a retired link leaves it at once. */
    private final Map<Long, StateLink> udpDirectory = new ConcurrentHashMap<>();
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

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private volatile java.util.function.Supplier<java.util.List<String>> alternates = java.util.List::of;

    /** Other live nodes clients may try when this one cannot be reached ("host:port"). */
    public java.util.List<String> alternates() {
        return alternates.get();
    }

    public void setAlternates(java.util.function.Supplier<java.util.List<String>> source) {
        alternates = source;
    }

    private volatile Session.TickObserver tickObserver;

    /** Sets what sees every session's tick after the world was updated (the after-action recording), or null. */
    public void setTickObserver(Session.TickObserver observer) {
        tickObserver = observer;
    }

    Session.TickObserver tickObserver() {
        return tickObserver;
    }

    /** Counts a connection closed because its inbox overflowed. */
    public void sessionMetricsInboxOverflow() {
        sessionMetrics.inboxOverflows.increment();
    }

    Channel udpChannel() {
        return udpChannel.get();
    }

    /** The live state link with this connection id, or null. Safe from any thread. */
    public StateLink stateLink(long connectionId) {
        return udpDirectory.get(connectionId);
    }

    /**
     * Gives the participant a new state link (random key and connection id) for the Welcome about
     * to be sent, retiring the one before: its datagrams are refused from now on. Tick thread.
     */
    void openStateLink(Participant participant) {
        closeStateLink(participant);
        StateLink link;
        do {
            link = new StateLink(participant, ensemble.proto.datagram.DatagramLink.generate(RANDOM));
        } while (udpDirectory.putIfAbsent(link.link().connectionId(), link) != null);
        participant.stateLink = link;
    }

    /** Retires the participant's state link, if any (a drop, a leave). Tick thread. */
    void closeStateLink(Participant participant) {
        StateLink link = participant.stateLink;
        if (link != null) {
            udpDirectory.remove(link.link().connectionId(), link);
            participant.stateLink = null;
        }
    }
}
