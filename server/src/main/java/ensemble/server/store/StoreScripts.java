package ensemble.server.store;

import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts that make the store's writes atomic. Each touches only keys of one session
 * (one hash tag), so each runs on one Redis Cluster slot.
 *
 * <p>Writes of a session's owner are <em>fenced</em> by its lease: {@code KEYS[2]} is the lease,
 * {@code ARGV[1]} the writing node, {@code ARGV[2]} the lease time in ms. The write goes through
 * when the writer holds the lease, or when the lease is free (it expired while Redis was away and
 * nobody took the session over): then the writer takes it back. It fails with an error starting
 * {@code LEASE} when another node holds it, so a node that lost its session cannot write into
 * the history of the node that took over.
 */
final class StoreScripts {

    /** Error prefix of a fenced write refused because another node holds the lease. */
    static final String LEASE_ERROR = "LEASE";
    /** Error prefix of an append whose id is below the stream's top and not already in it. */
    static final String ORDER_ERROR = "ORDER";

    private static final String FENCE = """
            local holder = redis.call('GET', KEYS[2])
            if not holder then
              redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            elseif holder ~= ARGV[1] then
              return redis.error_reply('LEASE held by ' .. holder)
            end
            """;

    /**
     * KEYS: events, lease. ARGV: node, leaseMs, entry id, most entries kept, field, value, ...
     * Returns 1 when appended, 0 when the entry was already there (a retried write). The stream
     * is trimmed to about the most entries kept ({@code MAXLEN ~}: whole nodes only, cheap).
     */
    static final String APPEND_EVENT = FENCE + """
            local added = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], ARGV[3], unpack(ARGV, 5))
            if type(added) == 'table' and added.err then
              local same = redis.call('XRANGE', KEYS[1], ARGV[3], ARGV[3])
              if #same > 0 then return 0 end
              return redis.error_reply('ORDER ' .. ARGV[3] .. ' is below the stream top and was never stored: ' .. added.err)
            end
            return 1
            """;

    /**
     * KEYS: events, lease. ARGV: node, leaseMs, most entries kept, count, then per event: entry id,
     * number of fields, field, value, ... All the events land in one step (a scenario effect and
     * its consequences are in the history whole or not at all). Entries already there (a retried
     * write) are skipped. Returns how many were appended.
     */
    static final String APPEND_EVENTS = FENCE + """
            local added = 0
            local i = 5
            for e = 1, tonumber(ARGV[4]) do
              local id = ARGV[i]
              local n = tonumber(ARGV[i + 1])
              local fields = {}
              for k = 1, n * 2 do fields[k] = ARGV[i + 1 + k] end
              i = i + 2 + n * 2
              local r = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], id, unpack(fields))
              if type(r) == 'table' and r.err then
                if #redis.call('XRANGE', KEYS[1], id, id) == 0 then
                  return redis.error_reply('ORDER ' .. id .. ' is below the stream top and was never stored: ' .. r.err)
                end
              else
                added = added + 1
              end
            end
            return added
            """;

    /**
     * KEYS: checkpoint, lease. ARGV: node, leaseMs, tick, lastEvent, savedAt, world bytes.
     * Returns 1 when stored, 0 when a checkpoint of a later tick is already there.
     */
    static final byte[] SAVE_CHECKPOINT = (FENCE + """
            local current = redis.call('HGET', KEYS[1], 'tick')
            if current and tonumber(current) > tonumber(ARGV[3]) then return 0 end
            redis.call('HSET', KEYS[1], 'tick', ARGV[3], 'lastEvent', ARGV[4], 'savedAt', ARGV[5], 'world', ARGV[6])
            return 1
            """).getBytes(StandardCharsets.UTF_8);

    /** KEYS: hash, lease. ARGV: node, leaseMs, field, value, ... Returns 1. */
    static final String FENCED_HSET = FENCE + """
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            return 1
            """;

    /** KEYS: lease. ARGV: node, leaseMs. Extends the lease if the node holds it: 1, else 0. */
    static final String RENEW_LEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    /**
     * KEYS: lease. ARGV: node, leaseMs. The owner's periodic renewal, in one step so that nothing
     * of its own (a fenced write that took a lapsed lease back, the first registration of a new
     * session) can slip in between a check and a retake: extends the lease when the node holds
     * it ({@code KEPT}), takes it when nobody does ({@code RETAKEN}), and otherwise returns the
     * holder's name, unchanged.
     */
    static final String KEEP_LEASE = """
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 'KEPT'
            elseif not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 'RETAKEN'
            end
            return 'HELD ' .. holder
            """;

    /** KEYS: lease. ARGV: node. Deletes the lease if the node holds it: 1, else 0. */
    static final String RELEASE_LEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """;

    private StoreScripts() {
    }
}
