package ensemble.server.analytics;

import ensemble.scenario.model.Scenario;
import ensemble.server.ServerConfig;
import ensemble.server.http.ApiGuard;
import ensemble.server.http.HttpRoutes;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import ensemble.server.store.EventId;
import ensemble.server.store.RedisKeys;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoredEvent;
import ensemble.server.xapi.LrsSettings;
import ensemble.server.xapi.SessionFactsReader;
import ensemble.server.xapi.XapiOutbox;
import ensemble.server.xapi.XapiPublisher;
import ensemble.server.xapi.XapiStatements;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;

/**
 * The node's learning record beyond the event stream: proximity sampling, team analytics and
 * leaderboards, and xAPI (export, and the outbox feeding a configured LRS). Built and closed by
 * {@code EnsembleServer}; its routes join the console's.
 *
 * <p>Threads: one scheduler thread (proximity timer), one xAPI publisher thread, and
 * {@link #API_THREADS} threads that answer API calls from Redis. None of them touches a session's
 * state except through {@link Session#submit}.
 */
public final class LearningRecord implements AutoCloseable {
    /** Threads answering analytics and export requests. */
    public static final int API_THREADS = 2;
    /** Requests waiting for one of them, at most; beyond this the API answers 503. */
    public static final int MAX_QUEUED_REQUESTS = 64;

    private final SessionRegistry registry;
    private final SessionStore store;
    private final XapiOutbox outbox;
    private final SessionFactsReader facts;
    private final XapiStatements statements;
    private final Leaderboards leaderboards;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService publisherThread;
    private final ThreadPoolExecutor api;
    private final ProximitySampler sampler;
    private final XapiPublisher publisher;

    private final UnifiedJedis jedis;

    /** @param jedis the connection {@code store} uses (the learning record's keys live beside the session's) */
    public LearningRecord(ServerConfig config, SessionStore store, UnifiedJedis jedis, SessionRegistry registry,
            Function<String, Optional<Scenario>> scenarios) {
        this.jedis = jedis;
        this.registry = registry;
        this.store = store;
        LrsSettings lrs = config.lrs();
        this.outbox = new XapiOutbox(jedis);
        this.facts = new SessionFactsReader(store, outbox, scenarios, config.consoleUser());
        this.statements = new XapiStatements(lrs.iriBase(), lrs.actorKey() != null ? lrs.actorKey() : config.secret());
        this.leaderboards = new Leaderboards(jedis);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("learning-record-timer"));
        this.publisherThread = Executors.newSingleThreadScheduledExecutor(daemon("xapi-publisher"));
        AtomicInteger count = new AtomicInteger();
        this.api = new ThreadPoolExecutor(API_THREADS, API_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, "learning-record-api-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.sampler = new ProximitySampler(registry, jedis, timer, store.settings().retention()).start();
        this.publisher = lrs.enabled()
                ? new XapiPublisher(registry, store, outbox, facts, statements, lrs, config.nodeId(), publisherThread).start()
                : null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Adds the learning-record routes, behind the console's guard. */
    public void register(HttpRoutes routes, ApiGuard guard) {
        new LearningRecordApi(this, api).register(routes, guard);
    }

    Leaderboards leaderboards() {
        return leaderboards;
    }

    /** The publisher's counts, or empty when no LRS is configured. */
    public Optional<XapiPublisher.Stats> xapiStats() {
        return publisher == null ? Optional.empty() : Optional.of(publisher.stats());
    }

    /** Statements waiting in a session's outbox (blocking). */
    public long xapiWaiting(String sessionId) {
        return outbox.waiting(sessionId);
    }

    boolean exists(String sessionId) {
        RedisKeys.requireId("session", sessionId);
        return registry.find(sessionId) != null || store.sessions().get(sessionId).isPresent();
    }

    /** A session's analytics from its stored history (blocking), or empty when it is unknown. */
    public Optional<SessionAnalytics> analyse(String sessionId) {
        RedisKeys.requireId("session", sessionId);
        Optional<String> scenario = store.sessions().get(sessionId).map(SessionRecord::scenarioId);
        Session live = registry.find(sessionId);
        if (scenario.isEmpty() && live != null) {
            scenario = Optional.of(live.scene().scenarioId());
        }
        if (scenario.isEmpty()) {
            return Optional.empty();
        }
        List<StoredEvent> history = store.events().readAll(sessionId, EventId.NONE);
        return Optional.of(SessionAnalysis.analyse(sessionId, scenario.get(), history,
                ProximitySampler.read(jedis, sessionId)));
    }

    /** Every xAPI statement of a session (blocking), or empty when it is unknown. */
    public Optional<List<XapiStatements.Statement>> statements(String sessionId) {
        RedisKeys.requireId("session", sessionId);
        return facts.read(sessionId).map(f -> statements.convert(f, store.events().readAll(sessionId, EventId.NONE)));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (publisher != null) {
            publisher.close();
        }
        publisherThread.shutdownNow();
        sampler.close();
        api.shutdownNow();
    }
}
