package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking store calls run on store threads; results come back as messages on the caller's executor. */
class AsyncStoreIT {
    Acks inbox;
    SessionStore store;

    @BeforeEach
    void setUp() {
        SharedRedis.flushStandalone();
        store = new SessionStore(SharedRedis.standalone(), StoreSettings.defaults());
        inbox = new Acks();
    }

    @AfterEach
    void tearDown() {
        inbox.close();
    }

    @Test
    void resultsAndFailuresArriveOnTheCallersExecutor() throws Exception {
        try (AsyncStore async = new AsyncStore(store)) {
            CountDownLatch done = new CountDownLatch(2);
            StoreResult<?>[] results = new StoreResult<?>[2];
            String[] threads = new String[2];
            async.call(s -> s.leases().acquire("s1", "node-a"), inbox.inbox, result -> {
                results[0] = result;
                threads[0] = Thread.currentThread().getName();
                done.countDown();
            });
            async.call(s -> s.events().read("{bad}", EventId.NONE, 1), inbox.inbox, result -> {
                results[1] = result;
                threads[1] = Thread.currentThread().getName();
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(new StoreResult.Ok<>(true), results[0]);
            assertInstanceOf(IllegalArgumentException.class, ((StoreResult.Failed<?>) results[1]).error());
            assertEquals(List.of("test-inbox", "test-inbox"), List.of(threads));
        }
    }

    @Test
    void callsBeyondTheQueueBoundAreAnsweredAtOnceWithAFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (AsyncStore async = new AsyncStore(store, 1)) {
            // Both store threads block, one call waits in the queue: the next one is refused.
            for (int i = 0; i < AsyncStore.THREADS + 1; i++) {
                async.call(s -> {
                    await(release);
                    return "slow";
                }, inbox.inbox, result -> inbox.forId(null).accept(WriteOutcome.STORED));
            }
            CountDownLatch refused = new CountDownLatch(1);
            StoreResult<?>[] overflow = new StoreResult<?>[1];
            async.call(s -> "never runs", inbox.inbox, result -> {
                overflow[0] = result;
                refused.countDown();
            });
            assertTrue(refused.await(5, TimeUnit.SECONDS), "answered without waiting for a store thread");
            assertInstanceOf(RejectedExecutionException.class, ((StoreResult.Failed<?>) overflow[0]).error());
            release.countDown();
            assertEquals(AsyncStore.THREADS + 1, inbox.await(AsyncStore.THREADS + 1, Duration.ofSeconds(10)).size(),
                    "the accepted calls still complete");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
