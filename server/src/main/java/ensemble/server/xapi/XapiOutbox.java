package ensemble.server.xapi;

import ensemble.server.store.EventId;
import ensemble.server.store.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The statements waiting for the LRS, kept in Redis so that neither an LRS outage nor a restart
 * of this node loses one. Per session: a sorted set of statement JSON (scored by event order) and
 * a cursor naming the last event already turned into statements; the two change together in one
 * script, so a statement is queued exactly once. A statement leaves the outbox only after the LRS
 * accepted it. Blocking; call from the publisher's thread.
 */
public final class XapiOutbox {
    /** Queues statements and moves the cursor, if nobody moved it meanwhile. */
    static final String ENQUEUE = """
            local cursor = redis.call('HGET', KEYS[1], 'cursor') or '0'
            if cursor ~= ARGV[1] then return 0 end
            for i = 3, #ARGV, 2 do
              redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
            end
            redis.call('HSET', KEYS[1], 'cursor', ARGV[2])
            return 1
            """;

    private final UnifiedJedis jedis;

    public XapiOutbox(UnifiedJedis jedis) {
        this.jedis = jedis;
    }

    /** The session's registration UUID, made on first use and the same ever after. */
    public UUID registration(String sessionId) {
        String key = RedisKeys.xapi(sessionId);
        jedis.hsetnx(key, "registration", UUID.randomUUID().toString());
        return UUID.fromString(jedis.hget(key, "registration"));
    }

    /** The last event already turned into statements. */
    public EventId cursor(String sessionId) {
        String value = jedis.hget(RedisKeys.xapi(sessionId), "cursor");
        return value == null ? EventId.NONE : new EventId(Long.parseLong(value));
    }

    /**
     * Queues the statements of events after {@code from} up to {@code to} and moves the cursor to
     * {@code to}; false (and nothing queued) when the cursor is no longer at {@code from}.
     */
    public boolean enqueue(String sessionId, EventId from, EventId to, List<XapiStatements.Statement> statements) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(from.sequence()));
        args.add(Long.toString(to.sequence()));
        int order = 0;
        for (XapiStatements.Statement s : statements) {
            // Events are sequence numbers; up to 4096 statements of one event keep their order.
            args.add(Long.toString(s.eventSequence() * 4096 + Math.min(order++, 4095)));
            args.add(s.json());
        }
        Object done = jedis.eval(ENQUEUE, List.of(RedisKeys.xapi(sessionId), RedisKeys.xapiOutbox(sessionId)), args);
        return Long.valueOf(1).equals(done);
    }

    /** The oldest statements waiting, at most {@code limit}. */
    public List<String> peek(String sessionId, int limit) {
        return jedis.zrange(RedisKeys.xapiOutbox(sessionId), 0, limit - 1);
    }

    public long waiting(String sessionId) {
        return jedis.zcard(RedisKeys.xapiOutbox(sessionId));
    }

    /** Removes statements the LRS accepted. */
    public void delivered(String sessionId, List<String> statements) {
        if (!statements.isEmpty()) {
            jedis.zrem(RedisKeys.xapiOutbox(sessionId), statements.toArray(String[]::new));
        }
    }

    /** Moves statements the LRS refused for good (invalid, or an id it holds with other content) aside. */
    public void rejected(String sessionId, List<String> statements) {
        for (String statement : statements) {
            jedis.zadd(RedisKeys.xapiRejected(sessionId), System.currentTimeMillis(), statement);
        }
        delivered(sessionId, statements);
    }

    /** Sessions that may have statements to make or send. */
    public List<String> sessions() {
        return new ArrayList<>(jedis.smembers(RedisKeys.xapiSessions()));
    }

    public void track(String sessionId) {
        jedis.sadd(RedisKeys.xapiSessions(), sessionId);
    }

    /**
     * Stops tracking a finished session; re-tracks it if a statement arrived meanwhile (another
     * node may have queued one between the check and the removal).
     */
    public void untrack(String sessionId) {
        jedis.srem(RedisKeys.xapiSessions(), sessionId);
        if (waiting(sessionId) > 0) {
            track(sessionId);
        }
    }

    /** Only one node works on a session's outbox at a time; the claim expires by itself. */
    public boolean claim(String sessionId, String node, long millis) {
        String key = RedisKeys.xapiClaim(sessionId);
        if ("OK".equals(jedis.set(key, node, SetParams.setParams().nx().px(millis)))) {
            return true;
        }
        if (node.equals(jedis.get(key))) {
            jedis.pexpire(key, millis);
            return true;
        }
        return false;
    }

    /** Lets the session's learning-record keys expire, like the rest of an ended session. */
    public void expire(String sessionId, long retentionMillis) {
        for (String key : RedisKeys.learningRecordData(sessionId)) {
            jedis.pexpire(key, retentionMillis);
        }
    }
}
