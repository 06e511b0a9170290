package ensemble.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Session leases, blocking: the lease names the one node that runs a session. The owner keeps
 * it ({@link #keepAll}) every third of {@link StoreSettings#leaseTtl()}; when the owner dies the
 * lease expires and another node may {@link #acquire} it and take the session over. Call from
 * store threads only.
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

    /** What {@link #keepAll} found for one session. */
    public record Kept(Outcome outcome, String holder) {
        public enum Outcome {
            /** This node held it; it is extended. */
            KEPT,
            /** Nobody held it (it lapsed: the owner was too slow to renew); this node took it back. */
            RETAKEN,
            /** Another node holds it: the session is that node's now. */
            HELD_ELSEWHERE
        }

        public boolean lost() {
            return outcome == Outcome.HELD_ELSEWHERE;
        }
    }

    /**
     * The owner's renewal of all its sessions in one round trip. For each session, atomically:
     * extend the lease if {@code node} holds it, take it if it is free, else report the holder.
     * Only {@link Kept.Outcome#HELD_ELSEWHERE} means the session is lost; a lease that merely
     * lapsed is never read as lost, whoever of this node's threads took it back first.
     */
    public Map<String, Kept> keepAll(List<String> sessionIds, String node) {
        RedisKeys.requireId("node", node);
        List<Response<Object>> replies = new ArrayList<>(sessionIds.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (String id : sessionIds) {
                replies.add(pipeline.eval(StoreScripts.KEEP_LEASE, List.of(RedisKeys.lease(id)),
                        List.of(node, Long.toString(ttl.toMillis()))));
            }
            pipeline.sync();
        }
        Map<String, Kept> result = new LinkedHashMap<>();
        for (int i = 0; i < sessionIds.size(); i++) {
            String reply = String.valueOf(replies.get(i).get());
            Kept kept = switch (reply) {
                case "KEPT" -> new Kept(Kept.Outcome.KEPT, node);
                case "RETAKEN" -> new Kept(Kept.Outcome.RETAKEN, node);
                default -> new Kept(Kept.Outcome.HELD_ELSEWHERE, reply.startsWith("HELD ") ? reply.substring(5) : reply);
            };
            result.put(sessionIds.get(i), kept);
        }
        return result;
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
