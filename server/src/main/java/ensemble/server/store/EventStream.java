package ensemble.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamInfo;

/** A session's event history (a Redis stream), blocking. Call from store threads only. */
public final class EventStream {
    /**
     * Events a session's stream keeps while it runs, about (older ones are trimmed, {@code XADD
     * MAXLEN ~}). Reports, replays and takeovers read the whole stream, so this is far above any
     * real session: a two-hour session (eight times the longest catalogue scenario, 15 minutes) of
     * 16 participants each at the chat limit of 2 events/s is 230,400 events; at about 200 bytes
     * an entry a full stream is some 50 MB. See docs/operations.md.
     */
    public static final long MAX_EVENTS = 250_000;

    /** Events read per XRANGE round trip when reading a whole history. */
    public static final int PAGE_SIZE = 1000;

    private final UnifiedJedis jedis;
    private final StoreSettings settings;

    EventStream(UnifiedJedis jedis, StoreSettings settings) {
        this.jedis = jedis;
        this.settings = settings;
    }

    /**
     * Appends one event with an explicit id, fenced by the session's lease held by {@code node}.
     * Live sessions append through {@link SessionJournal}; this is the same write, blocking.
     *
     * @return true when appended, false when an event with this id was already stored
     * @throws JedisDataException starting {@code LEASE} when another node holds the lease
     */
    public boolean append(String sessionId, String node, EventId id, EventRecord event) {
        Object result = jedis.eval(StoreScripts.APPEND_EVENT, List.of(RedisKeys.events(sessionId),
                RedisKeys.lease(sessionId)), appendArgs(node, settings.leaseTtl().toMillis(), id, event));
        return Long.valueOf(1).equals(result);
    }

    static List<String> appendArgs(String node, long leaseMillis, EventId id, EventRecord event) {
        List<String> args = new ArrayList<>();
        args.add(node);
        args.add(Long.toString(leaseMillis));
        args.add(id.streamId());
        args.add(Long.toString(MAX_EVENTS));
        EventCodec.encode(event).forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args;
    }

    static List<String> appendAllArgs(String node, long leaseMillis, List<EventId> ids, List<EventRecord> events) {
        List<String> args = new ArrayList<>();
        args.add(node);
        args.add(Long.toString(leaseMillis));
        args.add(Long.toString(MAX_EVENTS));
        args.add(Integer.toString(events.size()));
        for (int i = 0; i < events.size(); i++) {
            args.add(ids.get(i).streamId());
            Map<String, String> fields = EventCodec.encode(events.get(i));
            args.add(Integer.toString(fields.size()));
            fields.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
        }
        return args;
    }

    /** Up to {@code limit} events after {@code after} (exclusive), oldest first. */
    public List<StoredEvent> read(String sessionId, EventId after, int limit) {
        List<StreamEntry> entries = jedis.xrange(RedisKeys.events(sessionId), "(" + after.streamId(), "+", limit);
        List<StoredEvent> events = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            events.add(decode(entry));
        }
        return events;
    }

    /** Every event after {@code after}, oldest first, read in pages of {@link #PAGE_SIZE}. */
    public List<StoredEvent> readAll(String sessionId, EventId after) {
        List<StoredEvent> all = new ArrayList<>();
        EventId cursor = after;
        while (true) {
            List<StoredEvent> page = read(sessionId, cursor, PAGE_SIZE);
            all.addAll(page);
            if (page.size() < PAGE_SIZE) {
                return all;
            }
            cursor = page.get(page.size() - 1).id();
        }
    }

    /** The newest {@code count} events, oldest first (a node taking a session over shows its history). */
    public List<StoredEvent> readLast(String sessionId, int count) {
        List<StreamEntry> entries = jedis.xrevrange(RedisKeys.events(sessionId), "+", "-", count);
        List<StoredEvent> events = new ArrayList<>(entries.size());
        for (int i = entries.size() - 1; i >= 0; i--) {
            events.add(decode(entries.get(i)));
        }
        return events;
    }

    /**
     * The highest id the stream ever held, deleted entries included ({@link EventId#NONE} when
     * there is no stream): a new writer of the session continues after it.
     */
    public EventId lastAppended(String sessionId) {
        try {
            StreamInfo info = jedis.xinfoStream(RedisKeys.events(sessionId));
            StreamEntryID last = info.getLastGeneratedId();
            return new EventId(last.getTime());
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such key")) {
                return EventId.NONE;
            }
            throw e;
        }
    }

    public long length(String sessionId) {
        return jedis.xlen(RedisKeys.events(sessionId));
    }

    /** Deletes single events (privacy forget). Their ids are never reused. */
    long delete(String sessionId, List<EventId> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        StreamEntryID[] entryIds = ids.stream().map(id -> new StreamEntryID(id.sequence(), 0)).toArray(StreamEntryID[]::new);
        return jedis.xdel(RedisKeys.events(sessionId), entryIds);
    }

    static StoredEvent decode(StreamEntry entry) {
        return new StoredEvent(new EventId(entry.getID().getTime()), EventCodec.decode(entry.getFields()));
    }
}
