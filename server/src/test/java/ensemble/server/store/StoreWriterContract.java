package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** What the asynchronous writer promises, against every Redis deployment (see subclasses). */
abstract class StoreWriterContract {
    static final String NODE_A = "node-a";
    static final Duration WAIT = Duration.ofSeconds(20);

    SimpleMeterRegistry meters;
    SessionStore store;
    StoreWriter writer;
    Acks acks;
    UnifiedJedis jedis;

    abstract RedisConnection connection();

    abstract void flushAll();

    @BeforeEach
    void setUp() {
        flushAll();
        meters = new SimpleMeterRegistry();
        StoreSettings settings = StoreSettings.defaults().withMaxBatch(64);
        store = new SessionStore(connection(), settings);
        writer = new StoreWriter(connection(), NODE_A, settings, meters);
        acks = new Acks();
        jedis = connection().jedis();
    }

    @AfterEach
    void tearDown() {
        writer.close();
        acks.close();
    }

    @Test
    void everyEventIsAcknowledgedOnTheInboxInOrderOnlyOnceItIsInRedis() throws Exception {
        int count = 2000;
        SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
        ConcurrentLinkedQueue<EventId> notInRedisWhenAcked = new ConcurrentLinkedQueue<>();
        for (int i = 1; i <= count; i++) {
            EventId expected = journal.lastAppended().next();
            Consumer<WriteOutcome> record = acks.forId(expected);
            EventId id = journal.append(SessionStoreContract.event("use", i, "alice", Map.of("n", Integer.toString(i))),
                    outcome -> {
                        // Every tenth acknowledgement checks, from the inbox, that Redis already has the event.
                        if (expected.sequence() % 10 == 0 && jedis.xrange(RedisKeys.events("s1"),
                                expected.streamId(), expected.streamId()).isEmpty()) {
                            notInRedisWhenAcked.add(expected);
                        }
                        record.accept(outcome);
                    });
            assertEquals(expected, id, "ids are the session's sequence");
        }
        List<Acks.Ack> received = acks.await(count, WAIT);
        assertTrue(received.stream().allMatch(a -> a.outcome().stored()), "all stored");
        assertTrue(received.stream().allMatch(a -> a.thread().equals("test-inbox")), "acks run on the inbox");
        assertEquals(LongStream.rangeClosed(1, count).boxed().toList(),
                received.stream().map(a -> a.id().sequence()).toList(), "acks arrive in append order");
        assertEquals(List.of(), List.copyOf(notInRedisWhenAcked));

        List<StoredEvent> stored = store.events().readAll("s1", EventId.NONE);
        assertEquals(count, stored.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, stored.get(i).id().sequence());
            assertEquals(Integer.toString(i + 1), stored.get(i).event().data().get("n"));
        }
        DistributionSummary batches = meters.get("ensemble.store.batch.size").summary();
        assertTrue(batches.count() < count, "events were batched: " + batches.count() + " pipelines");
        assertTrue(batches.max() > 1, "largest batch " + batches.max());
        assertTrue(batches.max() <= 64, "a batch holds at most maxBatch writes");
        assertEquals(0, writer.health().bufferedWrites());
    }

    @Test
    void progressParticipantsAndCheckpointsGoThroughTheJournal() throws Exception {
        store.sessions().put(SessionRecord.created("s1", "fire-drill", "3", NODE_A, 1000));
        SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
        Participant alice = SessionStoreContract.participant("alice", "tok").withScore(12);
        journal.participant(alice, acks.forId(null));
        journal.status(SessionStatus.RUNNING, acks.forId(null));
        journal.append(SessionStoreContract.event("step", 60, null, Map.of("to", "evacuate")), acks.forId(null));
        journal.progress("evacuate", 60, acks.forId(null));
        journal.checkpoint(60, 2000, new byte[]{1, 2, 3}, acks.forId(null));
        journal.append(SessionStoreContract.event("use", 61, "alice", Map.of()), acks.forId(null));
        List<Acks.Ack> received = acks.await(6, WAIT);
        assertTrue(received.stream().allMatch(a -> a.outcome().stored()), received.toString());

        SessionRecord record = store.sessions().get("s1").orElseThrow();
        assertEquals(SessionStatus.RUNNING, record.status());
        assertEquals("evacuate", record.step());
        assertEquals(60, record.tick());
        assertEquals(Map.of("alice", alice), Map.of("alice", store.sessions().findByResumeToken("s1", "tok").orElseThrow()));
        assertEquals(List.of("s1"), store.privacy().sessionsOf("alice"));
        RestorePoint restore = store.restore("s1").orElseThrow();
        assertEquals(new EventId(1), restore.checkpoint().orElseThrow().lastEvent(),
                "the checkpoint includes the events appended before it");
        assertEquals(List.of(new EventId(2)), restore.eventsAfter().stream().map(StoredEvent::id).toList());
    }

    @Test
    void aBatchResentAfterItPartlyLandedWritesNothingTwice() throws Exception {
        // What a broken connection leaves behind: the first three writes of a batch reached Redis,
        // their replies did not reach the writer, so it sends the whole batch again.
        for (int i = 1; i <= 3; i++) {
            store.events().append("s1", NODE_A, new EventId(i), SessionStoreContract.event("e", i, null,
                    Map.of("n", Integer.toString(i))));
        }
        SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
        for (int i = 1; i <= 5; i++) {
            journal.append(SessionStoreContract.event("e", i, null, Map.of("n", Integer.toString(i))),
                    acks.forId(new EventId(i)));
        }
        List<Acks.Ack> received = acks.await(5, WAIT);
        assertTrue(received.stream().allMatch(a -> a.outcome().stored()), received.toString());
        assertEquals(List.of("1", "2", "3", "4", "5"), store.events().readAll("s1", EventId.NONE).stream()
                .map(e -> e.event().data().get("n")).toList());
    }

    @Test
    void eventsWrittenTogetherLandInOrderAndARetryWritesNothingTwice() throws Exception {
        // A retried write of events that belong together: the first one already reached Redis.
        store.events().append("s1", NODE_A, new EventId(1), SessionStoreContract.event("trigger", 5, null,
                Map.of("n", "1")));
        SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
        journal.appendAll(List.of(SessionStoreContract.event("trigger", 5, null, Map.of("n", "1")),
                SessionStoreContract.event("message", 5, null, Map.of("n", "2")),
                SessionStoreContract.event("score", 5, null, Map.of("n", "3", "points", "5"))), acks.forId(null));
        journal.append(SessionStoreContract.event("chat", 6, "alice", Map.of("n", "4")), acks.forId(null));
        List<Acks.Ack> received = acks.await(2, WAIT);
        assertTrue(received.stream().allMatch(a -> a.outcome().stored()), received.toString());
        assertEquals(List.of("1", "2", "3", "4"), store.events().readAll("s1", EventId.NONE).stream()
                .map(e -> e.event().data().get("n")).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), store.events().readAll("s1", EventId.NONE).stream()
                .map(e -> e.id().sequence()).toList());
        assertEquals(new EventId(4), journal.lastAppended());
    }

    @Test
    void aJournalOpenedFromARestoreContinuesTheSequence() throws Exception {
        SessionJournal first = writer.journal("s1", EventId.NONE, acks.inbox);
        for (int i = 0; i < 3; i++) {
            first.append(SessionStoreContract.event("e", i, null, Map.of()), acks.forId(null));
        }
        acks.await(3, WAIT);
        store.sessions().put(SessionRecord.created("s1", "fire-drill", "3", NODE_A, 1000));
        SessionJournal resumed = writer.journal("s1", store.restore("s1").orElseThrow().lastAppended(), acks.inbox);
        assertEquals(new EventId(4), resumed.append(SessionStoreContract.event("e", 9, null, Map.of()), acks.forId(null)));
        assertTrue(acks.await(4, WAIT).get(3).outcome().stored());
        assertEquals(4, store.events().length("s1"));
    }

    @Test
    void aNodeThatLostTheLeaseHearsLeaseLostAndWritesNothing() throws Exception {
        assertTrue(store.leases().acquire("s1", "node-b"));
        SessionJournal journal = writer.journal("s1", EventId.NONE, acks.inbox);
        journal.append(SessionStoreContract.event("late", 1, null, Map.of()), acks.forId(new EventId(1)));
        journal.checkpoint(1, 1, new byte[]{9}, acks.forId(null));
        SessionJournal healthy = writer.journal("s2", EventId.NONE, acks.inbox);
        healthy.append(SessionStoreContract.event("fine", 1, null, Map.of()), acks.forId(new EventId(1)));
        List<Acks.Ack> received = acks.await(3, WAIT);
        assertEquals(2, received.stream().filter(a -> a.outcome().status() == WriteOutcome.Status.LEASE_LOST).count(),
                received.toString());
        assertEquals(1, received.stream().filter(a -> a.outcome().stored()).count(), "other sessions are unaffected");
        assertEquals(0, store.events().length("s1"));
        assertTrue(store.checkpoints().latest("s1").isEmpty());
        assertEquals(false, writer.degraded(), "a lost lease is not a Redis outage");
    }
}
