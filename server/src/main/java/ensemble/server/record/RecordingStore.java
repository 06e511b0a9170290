package ensemble.server.record;

import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.server.store.EventId;
import ensemble.server.store.RedisKeys;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoredEvent;
import ensemble.v1.RecordedEvent;
import ensemble.v1.RecordingEntry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Recordings in Redis: a session's recording list (written by {@link RecordingWriter}) joined with
 * its event stream, and imported recording files (self-contained: their events are entries of the
 * list). Blocking: call from a store thread.
 */
public final class RecordingStore {
    /** Entries read per LRANGE. */
    static final int PAGE = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UnifiedJedis jedis;
    private final SessionStore store;

    public RecordingStore(UnifiedJedis jedis, SessionStore store) {
        this.jedis = jedis;
        this.store = store;
    }

    /** The recording of a session or of an imported file, or empty when there is none. */
    public Optional<Recording> load(String id) {
        byte[] key = RedisKeys.recording(id).getBytes(StandardCharsets.UTF_8);
        List<RecordingEntry> entries = new ArrayList<>();
        boolean hasEvents = false;
        for (long from = 0; entries.size() <= RecordingFile.MAX_ENTRIES; from += PAGE) {
            List<byte[]> page = jedis.lrange(key, from, from + PAGE - 1);
            for (byte[] bytes : page) {
                try {
                    RecordingEntry entry = RecordingEntry.parseFrom(bytes);
                    hasEvents |= entry.hasEvent();
                    entries.add(entry);
                } catch (InvalidProtocolBufferException e) {
                    // one damaged entry costs a frame, not the recording
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (entries.stream().noneMatch(RecordingEntry::hasHeader)) {
            return Optional.empty();
        }
        if (!hasEvents) {
            for (StoredEvent stored : store.events().readAll(id, EventId.NONE)) {
                var e = stored.event();
                entries.add(RecordingEntry.newBuilder().setEvent(RecordedEvent.newBuilder()
                        .setSequence(stored.id().sequence()).setType(e.type()).setTick((int) e.tick())
                        .setWallMs(e.wallMillis()).setActor(e.actor()).putAllData(e.data())).build());
            }
        }
        return Optional.of(Recording.of(entries));
    }

    /** Stores an imported recording under a new id (kept for {@code retention}); returns the id. */
    public String importRecording(Recording recording, long nowMillis, Duration retention) {
        String id = "rec-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffffL);
        byte[] key = RedisKeys.recording(id).getBytes(StandardCharsets.UTF_8);
        List<RecordingEntry> entries = recording.entries();
        for (int from = 0; from < entries.size(); from += PAGE) {
            List<RecordingEntry> chunk = entries.subList(from, Math.min(entries.size(), from + PAGE));
            jedis.rpush(key, chunk.stream().map(RecordingEntry::toByteArray).toArray(byte[][]::new));
        }
        jedis.pexpire(key, retention.toMillis());
        jedis.zadd(RedisKeys.importedRecordings(), nowMillis, id);
        return id;
    }

    /** Imported recordings, newest first (ids). */
    public List<String> imported() {
        return jedis.zrevrange(RedisKeys.importedRecordings(), 0, 99);
    }
}
