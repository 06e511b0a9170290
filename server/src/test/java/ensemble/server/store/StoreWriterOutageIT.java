package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer when Redis goes away: it buffers (bounded), reports degraded, and on Redis's return
 * writes everything in order with no duplicates; beyond the bound it refuses the newest writes.
 * Each test owns its redis-server, since it stops it.
 */
class StoreWriterOutageIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    StoreSettings settings() {
        return StoreSettings.defaults().withMaxBatch(32)
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(250))
                .withCloseTimeout(Duration.ofMillis(500));
    }

    @Test
    void redisStoppedAndRestartedDuringWritesLosesNothingAndDuplicatesNothing() throws Exception {
        RedisServerProcess redis = RedisServerProcess.start(dir);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "test-tick"));
        try (RedisConnection connection = RedisConnection.open(redis.url());
             StoreWriter writer = new StoreWriter(connection, "node-a", settings(), meters);
             Acks acks = new Acks()) {
            SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
            AtomicInteger appended = new AtomicInteger();
            AtomicBoolean sawDegraded = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            // The session tick: an event every 4 ms, never waiting on Redis.
            tick.scheduleAtFixedRate(() -> {
                if (running.get()) {
                    int n = appended.incrementAndGet();
                    EventId id = journal.append(new EventRecord("use", n, System.currentTimeMillis(), "alice",
                            Map.of("n", Integer.toString(n))), acks.forId(new EventId(n)));
                    assertEquals(n, id.sequence());
                }
                if (writer.degraded()) {
                    sawDegraded.set(true);
                }
            }, 0, 4, TimeUnit.MILLISECONDS);

            RedisServerProcess.sleep(1000);
            redis.stop();
            int atStop = appended.get();
            // Longer than the 3 s lease: the writer must take its session's lease back on return.
            RedisServerProcess.sleep(3500);
            assertTrue(writer.degraded(), "degraded while Redis is away");
            assertTrue(writer.health().bufferedWrites() > 0, "writes wait in the buffer");
            int atRestart = appended.get();
            assertTrue(atRestart - atStop > 300, "the tick went on appending while Redis was away");
            redis.start();
            RedisServerProcess.sleep(1000);
            running.set(false);
            tick.shutdown();
            assertTrue(tick.awaitTermination(5, TimeUnit.SECONDS));

            int total = appended.get();
            List<Acks.Ack> received = acks.await(total, WAIT);
            assertTrue(received.stream().allMatch(a -> a.outcome().stored()),
                    "every event acknowledged as stored: " + received.stream().filter(a -> !a.outcome().stored())
                            .findFirst().map(Acks.Ack::toString).orElse(""));
            assertTrue(sawDegraded.get());
            assertFalse(writer.degraded(), "healthy again");
            assertTrue(meters.get("ensemble.store.flush.failures").counter().count() > 0);

            SessionStore store = new SessionStore(connection, settings());
            List<StoredEvent> stored = store.events().readAll("s1", EventId.NONE);
            assertEquals(total, stored.size(), "every event present exactly once");
            for (int i = 0; i < total; i++) {
                assertEquals(i + 1, stored.get(i).id().sequence(), "in order");
                assertEquals(Integer.toString(i + 1), stored.get(i).event().data().get("n"));
            }
            assertEquals(java.util.Optional.of("node-a"), store.leases().holder("s1"), "lease taken back");
        } finally {
            tick.shutdownNow();
            redis.stop();
        }
    }

    @Test
    void aFullBufferRefusesTheNewestWritesButKeepsTheLatestCheckpoint() throws Exception {
        RedisServerProcess redis = RedisServerProcess.notStarted(dir);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RedisConnection connection = RedisConnection.open(redis.url());
             StoreWriter writer = new StoreWriter(connection, "node-a", settings().withMaxBufferedWrites(5), meters);
             Acks acks = new Acks()) {
            SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
            for (int n = 1; n <= 8; n++) {
                journal.append(new EventRecord("use", n, n, null, Map.of()), acks.forId(new EventId(n)));
            }
            List<Acks.Ack> refused = acks.await(3, WAIT);
            assertEquals(List.of(6L, 7L, 8L), refused.stream().map(a -> a.id().sequence()).toList());
            assertTrue(refused.stream().allMatch(a -> a.outcome().status() == WriteOutcome.Status.OVERFLOW));
            assertEquals(3.0, meters.get("ensemble.store.writes.overflowed").counter().count());

            journal.checkpoint(100, 1, new byte[]{1}, acks.forId(null));
            journal.checkpoint(200, 2, new byte[]{2}, acks.forId(null));
            Acks.Ack superseded = acks.await(4, WAIT).get(3);
            assertEquals(WriteOutcome.Status.SUPERSEDED, superseded.outcome().status());
            assertEquals(5, writer.health().bufferedWrites() - 1, "five events and one checkpoint wait");
            assertEquals(6.0, meters.get("ensemble.store.writes.buffered").gauge().value());
            awaitDegraded(writer);

            redis.start();
            List<Acks.Ack> all = acks.await(4 + 6, WAIT);
            assertTrue(all.subList(4, 10).stream().allMatch(a -> a.outcome().stored()), all.toString());
            SessionStore store = new SessionStore(connection, settings());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), store.events().readAll("s1", EventId.NONE).stream()
                    .map(e -> e.id().sequence()).toList(), "an unbroken prefix; the refused ones are a visible gap");
            Checkpoint checkpoint = store.checkpoints().latest("s1").orElseThrow();
            assertEquals(200, checkpoint.tick(), "the newest checkpoint survived the overflow");
            assertEquals(new EventId(8), checkpoint.lastEvent(), "it includes the refused events' effects");

            assertEquals(new EventId(9), journal.append(new EventRecord("use", 9, 9, null, Map.of()),
                    acks.forId(new EventId(9))));
            assertTrue(acks.await(11, WAIT).get(10).outcome().stored(), "after the outage writes flow again");
            assertEquals(0, writer.health().bufferedWrites());
        } finally {
            redis.stop();
        }
    }

    @Test
    void closingWhileRedisIsAwayEndsBufferedWritesAsClosed() throws Exception {
        RedisServerProcess redis = RedisServerProcess.notStarted(dir);
        try (RedisConnection connection = RedisConnection.open(redis.url());
             Acks acks = new Acks()) {
            StoreWriter writer = new StoreWriter(connection, "node-a", settings(), new SimpleMeterRegistry());
            SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
            journal.append(new EventRecord("use", 1, 1, null, Map.of()), acks.forId(new EventId(1)));
            journal.append(new EventRecord("use", 2, 2, null, Map.of()), acks.forId(new EventId(2)));
            long start = System.nanoTime();
            writer.close();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "close waits about closeTimeout");
            journal.append(new EventRecord("use", 3, 3, null, Map.of()), acks.forId(new EventId(3)));
            List<Acks.Ack> received = acks.await(3, WAIT);
            assertTrue(received.stream().allMatch(a -> a.outcome().status() == WriteOutcome.Status.CLOSED),
                    received.toString());
        }
    }

    private static void awaitDegraded(StoreWriter writer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!writer.degraded() && System.nanoTime() < deadline) {
            RedisServerProcess.sleep(10);
        }
        assertTrue(writer.degraded(), "degraded while Redis is unreachable");
    }
}
