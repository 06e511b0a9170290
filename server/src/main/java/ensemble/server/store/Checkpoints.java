package ensemble.server.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/** A session's latest world checkpoint, blocking. Call from store threads only. */
public final class Checkpoints {
    private final UnifiedJedis jedis;
    private final StoreSettings settings;

    Checkpoints(UnifiedJedis jedis, StoreSettings settings) {
        this.jedis = jedis;
        this.settings = settings;
    }

    /**
     * Stores a checkpoint unless one of a later tick is already there, fenced by the session's
     * lease held by {@code node}.
     *
     * @return true when stored, false when a later checkpoint was kept
     */
    public boolean save(String sessionId, String node, Checkpoint checkpoint) {
        Object result = jedis.eval(StoreScripts.SAVE_CHECKPOINT, keys(sessionId),
                args(node, settings.leaseTtl().toMillis(), checkpoint));
        return Long.valueOf(1).equals(result);
    }

    static List<byte[]> keys(String sessionId) {
        return List.of(bytes(RedisKeys.checkpoint(sessionId)), bytes(RedisKeys.lease(sessionId)));
    }

    static List<byte[]> args(String node, long leaseMillis, Checkpoint checkpoint) {
        return List.of(bytes(node), bytes(Long.toString(leaseMillis)), bytes(Long.toString(checkpoint.tick())),
                bytes(checkpoint.lastEvent().streamId()), bytes(Long.toString(checkpoint.savedAtMillis())),
                checkpoint.world());
    }

    public Optional<Checkpoint> latest(String sessionId) {
        Map<byte[], byte[]> hash = jedis.hgetAll(bytes(RedisKeys.checkpoint(sessionId)));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        // byte[] keys compare by reference, so match field names by content. The names are the
        // ones StoreScripts.SAVE_CHECKPOINT writes.
        String tick = null;
        String lastEvent = null;
        String savedAt = null;
        byte[] world = null;
        for (Map.Entry<byte[], byte[]> field : hash.entrySet()) {
            String name = new String(field.getKey(), StandardCharsets.UTF_8);
            switch (name) {
                case "tick" -> tick = text(field.getValue());
                case "lastEvent" -> lastEvent = text(field.getValue());
                case "savedAt" -> savedAt = text(field.getValue());
                case "world" -> world = field.getValue();
                default -> { }
            }
        }
        if (tick == null || lastEvent == null || savedAt == null || world == null) {
            throw new IllegalStateException("checkpoint of session " + sessionId + " is incomplete: fields "
                    + hash.keySet().stream().map(Checkpoints::text).toList());
        }
        return Optional.of(new Checkpoint(Long.parseLong(tick), EventId.parse(lastEvent), Long.parseLong(savedAt), world));
    }

    /** Deletes the checkpoint (privacy forget of an ended session). */
    void delete(String sessionId) {
        jedis.del(RedisKeys.checkpoint(sessionId));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
