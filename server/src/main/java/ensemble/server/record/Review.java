package ensemble.server.record;

import ensemble.scenario.model.Scenario;
import ensemble.server.assess.Reports;
import ensemble.server.node.NodeCoordinator;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The after-action review of a node: records every hosted session ({@link Recorder} and its
 * {@link RecordingWriter}), assesses a session when it ends ({@link Reports}), and runs the
 * review's blocking Redis work on its own small, bounded pool. The console makes one.
 */
public final class Review implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Review.class);
    /** Review calls (report, export, import, fork) waiting for the pool at most; more answer 503. */
    public static final int MAX_QUEUED_CALLS = 64;
    /** Delay between a session's end and its assessment, so the journal's last writes are in Redis. */
    static final long ASSESS_DELAY_MILLIS = 1_000;

    private final SessionRegistry registry;
    private final NodeCoordinator node;
    private final Function<String, Optional<Scenario>> scenarios;
    private final RecordingWriter writer;
    private final Recorder recorder;
    private final RecordingStore recordings;
    private final Reports reports;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;

    public Review(SessionRegistry registry, NodeCoordinator node, Function<String, Optional<Scenario>> scenarios) {
        this.registry = registry;
        this.node = node;
        this.scenarios = scenarios;
        var jedis = node.connection().jedis();
        this.writer = new RecordingWriter(jedis, node.store().settings().retention());
        this.recordings = new RecordingStore(jedis, node.store());
        this.reports = new Reports(node.store(), jedis, scenarios);
        this.pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_CALLS), r -> {
            Thread t = new Thread(r, "review");
            t.setDaemon(true);
            return t;
        });
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "review-timer");
            t.setDaemon(true);
            return t;
        });
        var config = registry.context().config();
        this.recorder = new Recorder(writer, config.tickRate(), config.snapshotRate(), config.resumeGrace(), this::ended);
        registry.context().setTickObserver(recorder);
        timer.scheduleWithFixedDelay(this::forgetGone, 5, 5, TimeUnit.SECONDS);
    }

    /** A session ended (tick thread): assess it a moment later, and let its review data expire with it. */
    private void ended(String sessionId) {
        timer.schedule(() -> call(() -> {
            reports.compute(sessionId);
            reports.expire(sessionId, node.store().settings().retention());
            return null;
        }).exceptionally(e -> {
            log.warn("session {}: assessment failed: {}", sessionId, e.toString());
            return null;
        }), ASSESS_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void forgetGone() {
        Set<String> hosted = new HashSet<>();
        for (Session s : registry.all()) {
            hosted.add(s.id());
        }
        recorder.retain(hosted);
        writer.retain(hosted);
    }

    /** Runs blocking review work on the pool; a full pool fails the stage with {@link RejectedExecutionException}. */
    <T> CompletionStage<T> call(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    public Reports reports() {
        return reports;
    }

    public RecordingStore recordings() {
        return recordings;
    }

    public RecordingWriter writer() {
        return writer;
    }

    public Recorder recorder() {
        return recorder;
    }

    SessionRegistry registry() {
        return registry;
    }

    NodeCoordinator node() {
        return node;
    }

    Function<String, Optional<Scenario>> scenarios() {
        return scenarios;
    }

    @Override
    public void close() {
        registry.context().setTickObserver(null);
        timer.shutdownNow();
        writer.close();
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
