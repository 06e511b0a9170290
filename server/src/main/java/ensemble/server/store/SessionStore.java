package ensemble.server.store;

import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Everything Ensemble keeps in Redis, behind a blocking API grouped by concern: session records
 * and participants, event streams, checkpoints, leases, the session directory, and privacy. It
 * also owns the two operations that span them: {@link #restore} (take a session over) and
 * {@link #end} (retention).
 *
 * <p>Every method blocks on Redis. Call them only from a store thread (see {@link AsyncStore});
 * a session tick hands its writes to {@link StoreWriter} instead.
 */
public final class SessionStore {
    private final UnifiedJedis jedis;
    private final StoreSettings settings;
    private final SessionRecords records;
    private final EventStream events;
    private final Checkpoints checkpoints;
    private final Leases leases;
    private final SessionDirectory directory;
    private final Privacy privacy;

    public SessionStore(RedisConnection connection, StoreSettings settings) {
        this.jedis = connection.jedis();
        this.settings = settings;
        this.records = new SessionRecords(jedis);
        this.events = new EventStream(jedis, settings);
        this.checkpoints = new Checkpoints(jedis, settings);
        this.leases = new Leases(jedis, settings);
        this.directory = new SessionDirectory(jedis, settings);
        this.privacy = new Privacy(jedis, records, events, checkpoints);
    }

    public SessionRecords sessions() {
        return records;
    }

    public EventStream events() {
        return events;
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    public Leases leases() {
        return leases;
    }

    public SessionDirectory directory() {
        return directory;
    }

    public Privacy privacy() {
        return privacy;
    }

    public StoreSettings settings() {
        return settings;
    }

    /**
     * Reads what a node needs to run the session from where it was: record, participants, latest
     * checkpoint and the events after it. Acquire the lease first, so nobody appends meanwhile.
     */
    public Optional<RestorePoint> restore(String sessionId) {
        Optional<SessionRecord> record = records.get(sessionId);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Optional<Checkpoint> checkpoint = checkpoints.latest(sessionId);
        EventId from = checkpoint.map(Checkpoint::lastEvent).orElse(EventId.NONE);
        List<StoredEvent> after = events.readAll(sessionId, from);
        return Optional.of(new RestorePoint(record.get(), records.participants(sessionId), checkpoint, after,
                events.lastAppended(sessionId)));
    }

    /**
     * Which of the sessions {@code node} hosts Redis no longer knows as its: the directory has no
     * entry for it or the session record is gone (Redis restarted empty, or a replica that missed
     * writes took over). The node then registers them again.
     */
    public List<String> unregistered(List<String> hosted, String node) {
        if (hosted.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, String> entries = directory.sessions();
        List<redis.clients.jedis.Response<Boolean>> records = new java.util.ArrayList<>(hosted.size());
        try (redis.clients.jedis.AbstractPipeline pipeline = jedis.pipelined()) {
            for (String id : hosted) {
                records.add(pipeline.exists(RedisKeys.sessionRecord(id)));
            }
            pipeline.sync();
        }
        List<String> missing = new java.util.ArrayList<>();
        for (int i = 0; i < hosted.size(); i++) {
            if (!node.equals(entries.get(hosted.get(i))) || !records.get(i).get()) {
                missing.add(hosted.get(i));
            }
        }
        return missing;
    }

    /**
     * Ends a session: status {@code ENDED}, every key it has expires after
     * {@link StoreSettings#retention()} (recording, report and learning record too, whether or
     * not its report ran or an LRS is configured), and so does each participant's session index (a later session refreshes it); it leaves the
     * directory and its lease is dropped.
     */
    public void end(String sessionId, long endedAtMillis) {
        retain(sessionId, endedAtMillis);
        directory.remove(sessionId);
        jedis.del(RedisKeys.lease(sessionId));
    }

    /**
     * A session's scenario ended while it stays hosted (the debrief): status {@code ENDED}, and
     * every key it has, each participant's session index too, expires after the retention time
     * (writes during the debrief keep that expiry: XADD and HSET do not clear it).
     */
    public void retain(String sessionId, long endedAtMillis) {
        String recordKey = RedisKeys.sessionRecord(sessionId);
        jedis.hset(recordKey, java.util.Map.of("status", SessionStatus.ENDED.name(),
                "endedAt", Long.toString(endedAtMillis)));
        long retentionMillis = settings.retention().toMillis();
        for (String key : RedisKeys.everySessionKey(sessionId)) {
            jedis.pexpire(key, retentionMillis);
        }
        for (Participant participant : records.participants(sessionId)) {
            jedis.pexpire(RedisKeys.personSessions(participant.id()), retentionMillis);
        }
    }
}
