package ensemble.server.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking {@link SessionStore} calls on store threads and sends each result back as a
 * message to the caller's executor (a session inbox, a Netty event loop): lease renewal, resume
 * token lookup, restore, directory lookups. Nothing waits for Redis but these threads.
 *
 * <pre>{@code
 * async.call(s -> s.leases().renew(sessionId, nodeId), session.inbox(), result -> ...);
 * }</pre>
 *
 * At most {@link #MAX_QUEUED_CALLS} calls wait; a call beyond that is answered at once with
 * {@link StoreResult.Failed} holding a {@link RejectedExecutionException}.
 */
public final class AsyncStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncStore.class);

    /** Calls waiting for a store thread, at most. */
    public static final int MAX_QUEUED_CALLS = 1024;
    /** Store threads: enough that a slow restore does not hold up lease renewals. */
    public static final int THREADS = 2;

    private final SessionStore store;
    private final ThreadPoolExecutor executor;

    public AsyncStore(SessionStore store) {
        this(store, MAX_QUEUED_CALLS);
    }

    AsyncStore(SessionStore store, int maxQueuedCalls) {
        this.store = store;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueuedCalls), r -> {
                    Thread t = new Thread(r, "store-call-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code operation} on a store thread; {@code reply} gets its result on {@code replyTo}. */
    public <T> void call(Function<SessionStore, T> operation, Executor replyTo, Consumer<StoreResult<T>> reply) {
        try {
            executor.execute(() -> {
                StoreResult<T> result;
                try {
                    result = new StoreResult.Ok<>(operation.apply(store));
                } catch (Exception e) {
                    result = new StoreResult.Failed<>(e);
                }
                deliver(replyTo, reply, result);
            });
        } catch (RejectedExecutionException e) {
            deliver(replyTo, reply, new StoreResult.Failed<>(e));
        }
    }

    private static <T> void deliver(Executor replyTo, Consumer<StoreResult<T>> reply, StoreResult<T> result) {
        try {
            replyTo.execute(() -> reply.accept(result));
        } catch (RejectedExecutionException e) {
            log.debug("store result dropped: the caller's executor is closed");
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
