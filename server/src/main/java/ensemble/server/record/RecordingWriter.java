package ensemble.server.record;

import ensemble.server.store.RedisKeys;
import ensemble.v1.RecordingEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Appends recording entries to each session's recording list in Redis, on its own thread, in
 * batches (one RPUSH per session per batch). Tick threads only {@link #offer}: the queue is
 * bounded ({@link #MAX_QUEUED}); when it is full, or a session's recording reached
 * {@link RecordingFile#MAX_ENTRIES}, entries are dropped and counted, never waited for.
 */
public final class RecordingWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);
    /** Entries waiting for Redis at most; about 20 s of 40 busy sessions. */
    public static final int MAX_QUEUED = 8192;
    /** Entries written in one batch at most. */
    static final int BATCH = 512;

    private record Pending(String sessionId, byte[] bytes) {
    }

    private final UnifiedJedis jedis;
    private final long retentionMillis;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code retention}: a recording expires this long after its last entry unless its session's end sets it again. */
    public RecordingWriter(UnifiedJedis jedis, java.time.Duration retention) {
        this.retentionMillis = retention.toMillis();
        this.jedis = jedis;
        this.thread = new Thread(this::run, "recording-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an entry of a session's recording; never blocks (any thread). */
    public void offer(String sessionId, RecordingEntry entry) {
        long count = counts.merge(sessionId, 1L, Long::sum);
        if (count > RecordingFile.MAX_ENTRIES || !queue.offer(new Pending(sessionId, entry.toByteArray()))) {
            dropped.incrementAndGet();
        }
    }

    /** Forgets the entry counts of sessions no longer hosted. */
    void retain(java.util.Set<String> hosted) {
        counts.keySet().retainAll(hosted);
    }

    /** Entries dropped because the queue was full or a recording reached its size limit. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries Redis has stored. */
    public long written() {
        return written.get();
    }

    /** True once everything offered so far is in Redis (tests and shutdown). */
    public boolean idle() {
        return queue.isEmpty() && !busy;
    }

    private volatile boolean busy;

    private void run() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    busy = true;
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                write(batch);
                written.addAndGet(batch.size());
                batch.clear();
                busy = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.debug("recording batch not written yet ({}); retrying", e.toString());
                if (!running) {
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write(List<Pending> batch) {
        Map<String, List<byte[]>> bySession = new LinkedHashMap<>();
        for (Pending p : batch) {
            bySession.computeIfAbsent(p.sessionId(), k -> new ArrayList<>()).add(p.bytes());
        }
        for (Map.Entry<String, List<byte[]>> e : bySession.entrySet()) {
            byte[] key = RedisKeys.recording(e.getKey()).getBytes(StandardCharsets.UTF_8);
            jedis.rpush(key, e.getValue().toArray(new byte[0][]));
            // Expires on its own even when the session is deleted before its report runs.
            jedis.pexpire(key, retentionMillis);
        }
    }

    /** Stops taking entries and writes what is queued (up to two seconds). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
