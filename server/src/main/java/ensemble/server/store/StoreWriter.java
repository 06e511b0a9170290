package ensemble.server.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The asynchronous writer a session tick hands its durable writes to: events, session progress,
 * participants and checkpoints. One thread of its own sends them in batches of at most
 * {@link StoreSettings#maxBatch()}, each batch one pipeline, and reports every write's
 * {@link WriteOutcome} on the executor the session gave (its inbox). An event is acknowledged as
 * {@code STORED} only once Redis has it. Sessions write through a {@link SessionJournal}.
 *
 * <p><b>Redis away.</b> A batch that fails (connection refused or broken, Redis loading, cluster
 * down) stays at the head and is retried with exponential backoff from
 * {@link StoreSettings#retryMin()} to {@link StoreSettings#retryMax()}; the writer reports
 * {@link #degraded()} until a batch goes through. Later writes queue behind it, so each session's
 * writes reach Redis in the order it made them. A batch whose fate is unknown is sent again whole:
 * every write is idempotent (events carry explicit ids and the append script skips ids already
 * stored; hash writes overwrite; checkpoints never replace a later tick), so nothing is written
 * twice.
 *
 * <p><b>Overflow.</b> At most {@link StoreSettings#maxBufferedWrites()} writes (queued plus in
 * flight) wait; a write beyond that is refused at once with {@code OVERFLOW}, counted in
 * {@code ensemble.store.writes.overflowed} and logged once per outage. The newest write is the
 * one refused, so what reaches Redis is an unbroken prefix of each session's history followed
 * by a gap (event sequence numbers are never reused, so the gap is visible). Checkpoints do not
 * count against the bound and are never refused: each session has one checkpoint slot and a
 * newer checkpoint replaces an unwritten older one ({@code SUPERSEDED}). So after a long outage a
 * session restored elsewhere has its latest world state even when part of its event history
 * overflowed.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    /** How long the writer thread waits for work before checking whether it should stop. */
    private static final long IDLE_POLL_MILLIS = 50;

    /** The writer's state as {@code /healthz} shows it. */
    public record Health(boolean degraded, int bufferedWrites, long overflowedWrites, String lastError) {
    }

    private final UnifiedJedis jedis;
    private final String node;
    private final StoreSettings settings;
    private final BlockingQueue<PendingWrite> queue;
    /** Writes accepted and not yet finished: queued plus the batch in flight. The bound applies to it. */
    private final AtomicInteger buffered = new AtomicInteger();
    private final Map<String, PendingWrite.SaveCheckpoint> checkpointSlots = new ConcurrentHashMap<>();
    private final Thread thread;

    private final Counter overflowed;
    private final Counter failures;
    private final DistributionSummary batchSize;
    private final Timer flushLatency;

    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private volatile boolean degraded;
    private volatile String lastError = "";
    private volatile boolean overflowLogged;

    /**
     * Starts the writer thread.
     *
     * @param nodeId this node: writes are fenced by session leases held under this id
     */
    public StoreWriter(RedisConnection connection, String nodeId, StoreSettings settings, MeterRegistry meters) {
        this.jedis = connection.jedis();
        this.node = RedisKeys.requireId("node", nodeId);
        this.settings = settings;
        this.queue = new LinkedBlockingQueue<>(settings.maxBufferedWrites());
        Gauge.builder("ensemble.store.writes.buffered", this, w -> w.buffered.get() + w.checkpointSlots.size())
                .description("Writes waiting for Redis (events, updates and checkpoints)").register(meters);
        Gauge.builder("ensemble.store.degraded", this, w -> w.degraded ? 1 : 0)
                .description("1 while Redis is unreachable and writes are buffered").register(meters);
        this.overflowed = Counter.builder("ensemble.store.writes.overflowed")
                .description("Writes refused because the buffer was full").register(meters);
        this.failures = Counter.builder("ensemble.store.flush.failures")
                .description("Batches that failed and were retried").register(meters);
        this.batchSize = DistributionSummary.builder("ensemble.store.batch.size")
                .description("Writes per pipeline").register(meters);
        this.flushLatency = Timer.builder("ensemble.store.flush.latency")
                .description("Time to send one batch and read its replies").register(meters);
        this.thread = new Thread(this::run, "store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A journal for one session, which its tick thread appends through. {@code lastAppended} is
     * the last event id already in the stream ({@link RestorePoint#lastAppended()} or
     * {@link EventId#NONE} for a new session); {@code inbox} runs the acknowledgements.
     */
    public SessionJournal journal(String sessionId, EventId lastAppended, Executor inbox) {
        return new SessionJournal(this, RedisKeys.requireId("session", sessionId), lastAppended, inbox);
    }

    /** Queues a write, or refuses it with {@code OVERFLOW} when the buffer is full. Any thread. */
    void submit(PendingWrite write) {
        if (closing) {
            complete(write, new WriteOutcome(WriteOutcome.Status.CLOSED, "store writer is closed"));
            return;
        }
        if (buffered.incrementAndGet() > settings.maxBufferedWrites() || !queue.offer(write)) {
            buffered.decrementAndGet();
            overflowed.increment();
            complete(write, new WriteOutcome(WriteOutcome.Status.OVERFLOW,
                    "store buffer full (" + settings.maxBufferedWrites() + " writes); Redis: " + lastError));
            return;
        }
        // No wake-up needed: the writer thread waits in queue.poll, which offer() wakes.
        if (closing && !thread.isAlive()) {
            // Raced with close(): the writer thread is gone, so nobody else will answer this write.
            abandonLeftovers();
        }
    }

    /** Puts a checkpoint in its session's slot, replacing an unwritten older one. Any thread. */
    void submitCheckpoint(PendingWrite.SaveCheckpoint write) {
        if (closing) {
            complete(write, new WriteOutcome(WriteOutcome.Status.CLOSED, "store writer is closed"));
            return;
        }
        PendingWrite.SaveCheckpoint replaced = checkpointSlots.put(write.sessionId(), write);
        if (replaced != null) {
            complete(replaced, new WriteOutcome(WriteOutcome.Status.SUPERSEDED,
                    "replaced by the checkpoint of tick " + write.checkpoint().tick()));
        }
    }

    /** True while Redis is unreachable and writes wait. */
    public boolean degraded() {
        return degraded;
    }

    public Health health() {
        return new Health(degraded, buffered.get() + checkpointSlots.size(), (long) overflowed.count(), lastError);
    }

    public String nodeId() {
        return node;
    }

    private void run() {
        List<PendingWrite> batch = new ArrayList<>(settings.maxBatch());
        long backoffMillis = settings.retryMin().toMillis();
        while (true) {
            try {
                if (batch.isEmpty()) {
                    if (closing && queue.isEmpty() && checkpointSlots.isEmpty()) {
                        break;
                    }
                    fill(batch);
                    if (batch.isEmpty()) {
                        continue;
                    }
                }
                if (flush(batch)) {
                    batch.clear();
                    backoffMillis = settings.retryMin().toMillis();
                    continue;
                }
                if (closing && System.nanoTime() - closeDeadlineNanos > 0) {
                    abandon(batch, "store writer closed while Redis was unreachable: " + lastError);
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
                backoffMillis = Math.min(backoffMillis * 2, settings.retryMax().toMillis());
            } catch (Throwable t) {
                // The writer never dies: a bug in one batch fails that batch, not every later write.
                log.error("store writer failed a batch of {} writes", batch.size(), t);
                finish(batch, new WriteOutcome(WriteOutcome.Status.FAILED, t.toString()));
                batch.clear();
            }
        }
        abandonLeftovers();
    }

    /** Ends every write still waiting with {@code CLOSED}; each write is taken out exactly once. */
    private void abandonLeftovers() {
        List<PendingWrite> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (String sessionId : List.copyOf(checkpointSlots.keySet())) {
            PendingWrite.SaveCheckpoint slot = checkpointSlots.remove(sessionId);
            if (slot != null) {
                rest.add(slot);
            }
        }
        abandon(rest, "store writer closed");
    }

    private void fill(List<PendingWrite> batch) throws InterruptedException {
        PendingWrite first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
            batch.add(first);
            queue.drainTo(batch, settings.maxBatch() - 1);
        }
        // Checkpoints ride along after the events; they do not need the events' order.
        // There is at most one per session, so this adds at most the number of sessions.
        Iterator<Map.Entry<String, PendingWrite.SaveCheckpoint>> slots = checkpointSlots.entrySet().iterator();
        while (slots.hasNext()) {
            Map.Entry<String, PendingWrite.SaveCheckpoint> slot = slots.next();
            if (checkpointSlots.remove(slot.getKey(), slot.getValue())) {
                batch.add(slot.getValue());
            }
        }
    }

    /** Sends one batch. True when it is finished (each write got its outcome); false to retry it. */
    private boolean flush(List<PendingWrite> batch) {
        long start = System.nanoTime();
        List<List<Response<?>>> replies = new ArrayList<>(batch.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (PendingWrite write : batch) {
                replies.add(write.send(pipeline, node, settings.leaseTtl().toMillis()));
            }
            pipeline.sync();
        } catch (JedisException e) {
            failed(e.toString());
            return false;
        }
        flushLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSize.record(batch.size());
        String transientError = null;
        List<WriteOutcome> outcomes = new ArrayList<>(batch.size());
        try {
            for (List<Response<?>> reply : replies) {
                WriteOutcome outcome = WriteReplies.outcomeOf(reply);
                if (outcome == null) {
                    transientError = WriteReplies.firstError(reply);
                }
                outcomes.add(outcome);
            }
        } catch (IllegalStateException | JedisException e) {
            // A cluster pipeline that lost a node mid-batch leaves some replies unset: retry the
            // whole batch (appends are idempotent, so what did land is not written twice).
            failed("pipeline replies missing: " + e.getMessage());
            return false;
        }
        if (transientError == null) {
            for (int i = 0; i < batch.size(); i++) {
                finish(batch.get(i), outcomes.get(i));
            }
            recovered();
            return true;
        }
        // Writes refused for good are done; all others (stored ones included) go again, in order.
        for (int i = batch.size() - 1; i >= 0; i--) {
            WriteOutcome outcome = outcomes.get(i);
            if (outcome != null && !outcome.stored()) {
                finish(batch.remove(i), outcome);
            }
        }
        failed(transientError);
        return false;
    }

    private void failed(String error) {
        failures.increment();
        lastError = error;
        if (!degraded) {
            log.warn("Redis write failed; buffering writes and retrying ({} buffered): {}", buffered.get(), error);
        }
        degraded = true;
    }

    private void recovered() {
        if (degraded) {
            log.info("Redis writes flowing again; {} writes still buffered", buffered.get());
            overflowLogged = false;
        }
        degraded = false;
        lastError = "";
    }

    private void abandon(List<PendingWrite> writes, String reason) {
        finish(writes, new WriteOutcome(WriteOutcome.Status.CLOSED, reason));
    }

    private void finish(List<PendingWrite> writes, WriteOutcome outcome) {
        for (PendingWrite write : writes) {
            finish(write, outcome);
        }
    }

    private void finish(PendingWrite write, WriteOutcome outcome) {
        if (!(write instanceof PendingWrite.SaveCheckpoint)) {
            buffered.decrementAndGet();
        }
        complete(write, outcome);
    }

    private void complete(PendingWrite write, WriteOutcome outcome) {
        if (outcome.status() == WriteOutcome.Status.OVERFLOW && !overflowLogged) {
            overflowLogged = true;
            log.warn("store writer buffer full ({} writes): refusing new writes until Redis takes them",
                    settings.maxBufferedWrites());
        }
        if (write.ack().callback() == null) {
            return;
        }
        try {
            write.ack().executor().execute(() -> write.ack().callback().accept(outcome));
        } catch (RejectedExecutionException e) {
            log.debug("acknowledgement for session {} dropped: its inbox is closed", write.sessionId());
        }
    }

    /**
     * Stops taking writes and flushes what is buffered, waiting up to
     * {@link StoreSettings#closeTimeout()}; writes still unsent then end with {@code CLOSED}.
     */
    @Override
    public void close() {
        closeDeadlineNanos = System.nanoTime() + settings.closeTimeout().toNanos();
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(settings.closeTimeout().toMillis() + settings.retryMax().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            abandonLeftovers();
        }
    }
}
