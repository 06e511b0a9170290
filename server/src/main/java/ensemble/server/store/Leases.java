package ensemble.server.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Session leases, blocking: the lease names the one node that runs a session. The owner renews
 * it every third of {@link StoreSettings#leaseTtl()}; when the owner dies the lease expires and
 * another node may {@link #acquire} it and take the session over. Call from store threads only.
 */
public final class Leases {
    private final UnifiedJedis jedis;
    private final Duration ttl;

    Leases(UnifiedJedis jedis, StoreSettings settings) {
        this.jedis = jedis;
        this.ttl = settings.leaseTtl();
    }

    /** Takes the lease if nobody holds it ({@code SET NX PX}). True when {@code node} got it. */
    public boolean acquire(String sessionId, String node) {
        RedisKeys.requireId("node", node);
        String reply = jedis.set(RedisKeys.lease(sessionId), node, SetParams.setParams().nx().px(ttl.toMillis()));
        return "OK".equals(reply);
    }

    /**
     * Extends the lease if {@code node} still holds it. False when it expired or another node
     * holds it: the caller then tries {@link #acquire} once (it succeeds when the lease only ran
     * out, e.g. while Redis was away, and nobody took over) and otherwise stops running the
     * session.
     */
    public boolean renew(String sessionId, String node) {
        Object result = jedis.eval(StoreScripts.RENEW_LEASE, List.of(RedisKeys.lease(sessionId)),
                List.of(node, Long.toString(ttl.toMillis())));
        return Long.valueOf(1).equals(result);
    }

    /** Gives the lease up if {@code node} holds it. True when it did. */
    public boolean release(String sessionId, String node) {
        Object result = jedis.eval(StoreScripts.RELEASE_LEASE, List.of(RedisKeys.lease(sessionId)), List.of(node));
        return Long.valueOf(1).equals(result);
    }

    /** The node holding the lease now, if any. */
    public Optional<String> holder(String sessionId) {
        return Optional.ofNullable(jedis.get(RedisKeys.lease(sessionId)));
    }

    public Duration ttl() {
        return ttl;
    }
}
