package ensemble.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Which node hosts which session, and which nodes are alive, blocking. Any node answers a client
 * with a redirect to {@link #locate}; a node looking for sessions to take over asks
 * {@link #unleased}. Call from store threads only.
 */
public final class SessionDirectory {
    private final UnifiedJedis jedis;
    private final StoreSettings settings;

    SessionDirectory(UnifiedJedis jedis, StoreSettings settings) {
        this.jedis = jedis;
        this.settings = settings;
    }

    /** Records that {@code nodeId} hosts the session (after it acquired the lease). */
    public void claim(String sessionId, String nodeId) {
        jedis.hset(RedisKeys.directory(), RedisKeys.requireId("session", sessionId), RedisKeys.requireId("node", nodeId));
    }

    /** Removes the session (it ended). */
    public void remove(String sessionId) {
        jedis.hdel(RedisKeys.directory(), sessionId);
    }

    /** The node recorded as hosting the session. */
    public Optional<String> host(String sessionId) {
        return Optional.ofNullable(jedis.hget(RedisKeys.directory(), sessionId));
    }

    /** Every live session and its node, sorted by session id. */
    public Map<String, String> sessions() {
        return new TreeMap<>(jedis.hgetAll(RedisKeys.directory()));
    }

    /** Where to send a client of this session: its host, if that node is alive. */
    public Optional<NodeInfo> locate(String sessionId) {
        return host(sessionId).flatMap(this::node);
    }

    /**
     * Live sessions whose lease has expired: their node died or lost Redis for longer than the
     * lease. Candidates for takeover ({@link Leases#acquire} decides who wins).
     */
    public List<String> unleased() {
        List<String> result = new ArrayList<>();
        for (String sessionId : sessions().keySet()) {
            if (!jedis.exists(RedisKeys.lease(sessionId))) {
                result.add(sessionId);
            }
        }
        return result;
    }

    /** Announces the node for {@link StoreSettings#nodeTtl()}; call every third of it. */
    public void heartbeat(NodeInfo node) {
        jedis.set(RedisKeys.node(node.nodeId()), StoreJson.write(node),
                SetParams.setParams().px(settings.nodeTtl().toMillis()));
        jedis.zadd(RedisKeys.nodes(), node.heartbeatMillis(), node.nodeId());
    }

    /** The node's last heartbeat, if it is recent enough to count as alive. */
    public Optional<NodeInfo> node(String nodeId) {
        return Optional.ofNullable(jedis.get(RedisKeys.node(nodeId))).map(json -> StoreJson.read(json, NodeInfo.class));
    }

    /** Nodes alive now; forgets nodes whose heartbeat expired. */
    public List<NodeInfo> liveNodes() {
        List<NodeInfo> live = new ArrayList<>();
        for (String nodeId : jedis.zrange(RedisKeys.nodes(), 0, -1)) {
            Optional<NodeInfo> node = node(nodeId);
            if (node.isPresent()) {
                live.add(node.get());
            } else {
                jedis.zrem(RedisKeys.nodes(), nodeId);
            }
        }
        return live;
    }

    /** A node stopping cleanly says so, instead of letting its heartbeat expire. */
    public void leave(String nodeId) {
        jedis.del(RedisKeys.node(nodeId));
        jedis.zrem(RedisKeys.nodes(), nodeId);
    }
}
