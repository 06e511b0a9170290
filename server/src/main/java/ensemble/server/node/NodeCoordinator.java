package ensemble.server.node;

import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.scenario.model.Scenario;
import ensemble.server.session.EventLog;
import ensemble.server.session.Session;
import ensemble.server.session.SessionCheckpoints;
import ensemble.server.session.SessionContext;
import ensemble.server.session.SessionRegistry;
import ensemble.server.store.AsyncStore;
import ensemble.server.store.EventId;
import ensemble.server.store.Leases;
import ensemble.server.store.NodeInfo;
import ensemble.server.store.RedisConnection;
import ensemble.server.store.RestorePoint;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStatus;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoreResult;
import ensemble.server.store.StoreSettings;
import ensemble.server.store.StoredEvent;
import ensemble.server.store.StoreWriter;
import ensemble.v1.ErrorCode;
import ensemble.v1.WorldCheckpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in a deployment of several nodes on one Redis: it persists the sessions it
 * hosts (journal, checkpoints), holds their leases, announces itself in the session directory,
 * takes over sessions whose owner died (restore from the newest checkpoint plus the events after
 * it), and tells the handshake where a session it does not host lives.
 *
 * <p>Threads: one maintenance thread runs heartbeats and takeover scans; lease renewals have a
 * thread of their own, so a slow scan or a restore never delays them (all blocking Redis calls
 * happen there or on the store's own threads, never on a tick or I/O thread).
 *
 * <p>Leases: a session is lost only when Redis names another node as its holder. A lease that
 * lapsed because this node was slow (a busy machine, a Redis stall, a long GC pause) is taken
 * back by whichever of its own writes or renewals comes first; that is counted in
 * {@code ensemble.lease.lapsed}, never mistaken for a takeover.
 */
public final class NodeCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeCoordinator.class);
    /** How often the directory is scanned for sessions whose lease expired. */
    static final long TAKEOVER_SCAN_MILLIS = 500;

    private final String nodeId;
    private final String publicHost;
    private final SessionRegistry registry;
    private final Function<String, Optional<Scenario>> scenarios;
    private final RedisConnection connection;
    private final StoreSettings settings;
    private final StoreWriter writer;
    private final SessionStore store;
    private final AsyncStore async;
    private final ScheduledExecutorService maintenance;
    private final ScheduledExecutorService leaseKeeper;
    private final Counter leaseLapses;
    private final Counter reregistered;
    private final DistributionSummary takeoverEventsAfterCheckpoint;
    private final Map<String, JournalRecorder> recorders = new ConcurrentHashMap<>();
    private final Set<String> taking = ConcurrentHashMap.newKeySet();
    /** Hosted sessions whose registration in Redis (record, directory entry) is known to have landed. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile List<String> alternates = List.of();
    private volatile int controlPort;
    private volatile int httpPort;

    public NodeCoordinator(String redisUrl, String nodeId, String publicHost, SessionRegistry registry,
            Function<String, Optional<Scenario>> scenarios, StoreSettings settings, MeterRegistry metrics) {
        this.nodeId = nodeId;
        this.publicHost = publicHost;
        this.registry = registry;
        this.scenarios = scenarios;
        this.settings = settings;
        this.connection = RedisConnection.open(redisUrl);
        this.writer = new StoreWriter(connection, nodeId, settings, metrics);
        this.store = new SessionStore(connection, settings);
        this.async = new AsyncStore(store);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-maintenance");
            t.setDaemon(true);
            return t;
        });
        this.leaseKeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-leases");
            t.setDaemon(true);
            return t;
        });
        this.leaseLapses = Counter.builder("ensemble.lease.lapsed")
                .description("Leases of sessions hosted here that ran out before their renewal and were taken back")
                .register(metrics);
        this.reregistered = Counter.builder("ensemble.store.sessions.reregistered")
                .description("Sessions registered again after Redis lost them (restarted empty, or a replica that missed writes)")
                .register(metrics);
        this.takeoverEventsAfterCheckpoint = DistributionSummary.builder("ensemble.takeover.events.after.checkpoint")
                .description("Per takeover, the events the old owner stored after its last checkpoint, taken in as facts"
                        + " (0 after a graceful stop, which saves a final checkpoint)")
                .register(metrics);
        registry.setLifecycle(new SessionRegistry.Lifecycle() {
            @Override
            public void created(Session session) {
                adoptNew(session);
            }

            @Override
            public void removed(Session session) {
                ended(session);
            }
        });
        registry.context().setAlternates(() -> alternates);
    }

    /** Starts heartbeats, lease renewals and takeover scans once the listeners are bound. */
    public void start(int boundControlPort, int boundHttpPort) {
        this.controlPort = boundControlPort;
        this.httpPort = boundHttpPort;
        long third = Math.max(100, settings.nodeTtl().toMillis() / 3);
        maintenance.scheduleWithFixedDelay(guard(this::heartbeat), 0, third, TimeUnit.MILLISECONDS);
        long leaseThird = Math.max(50, settings.leaseTtl().toMillis() / 3);
        // At a fixed rate: a round delayed by a slow reply is followed at once by the next.
        leaseKeeper.scheduleAtFixedRate(guard(this::renewLeases), leaseThird, leaseThird, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(guard(this::scanForOrphans), TAKEOVER_SCAN_MILLIS, TAKEOVER_SCAN_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.debug("maintenance step failed (Redis unreachable?): {}", e.toString());
            }
        };
    }

    // --- sessions created here ---------------------------------------------------------------------

    private void adoptNew(Session session) {
        attach(session, EventId.NONE);
        String id = session.id();
        String scenarioId = session.scene().scenarioId();
        String version = session.scene().scenarioVersion();
        long now = System.currentTimeMillis();
        async.call(s -> {
            // The lease first: the record and directory entry then name a node that holds it.
            Leases.Kept lease = s.leases().keepAll(List.of(id), nodeId).get(id);
            if (lease.lost()) {
                return lease;
            }
            s.sessions().put(SessionRecord.created(id, scenarioId, version, nodeId, now));
            s.directory().claim(id, nodeId);
            return lease;
        }, Runnable::run, result -> {
            if (result instanceof StoreResult.Failed<Leases.Kept> failed) {
                log.warn("session {}: not registered in Redis yet ({}); the writer will catch up",
                        id, failed.error().toString());
            } else if (result instanceof StoreResult.Ok<Leases.Kept> ok && ok.value().lost()) {
                lost(id, "node " + ok.value().holder() + " already runs a session of this id");
            } else if (recorders.containsKey(id)) {
                registered.add(id);
            }
        });
    }

    private void attach(Session session, EventId lastAppended) {
        String id = session.id();
        Executor acks = Runnable::run;
        JournalRecorder recorder = new JournalRecorder(writer.journal(id, lastAppended, acks), why -> lost(id, why),
                () -> async.call(s -> {
                    s.retain(id, System.currentTimeMillis());
                    return true;
                }, Runnable::run, result -> { }));
        recorders.put(id, recorder);
        session.record(recorder);
    }

    private void lost(String sessionId, String why) {
        registered.remove(sessionId);
        if (recorders.remove(sessionId) == null) {
            return; // already handed over, or ended here
        }
        log.warn("session {}: another node holds its lease now ({}); handing its clients over", sessionId, why);
        registry.release(sessionId, ErrorCode.ERROR_CODE_TRY_AGAIN, "the session moved to another node; reconnecting");
    }

    private void ended(Session session) {
        String id = session.id();
        recorders.remove(id);
        registered.remove(id);
        async.call(s -> {
            s.end(id, System.currentTimeMillis());
            return true;
        }, Runnable::run, result -> { });
    }

    // --- maintenance -----------------------------------------------------------------------------

    private void heartbeat() {
        store.directory().heartbeat(new NodeInfo(nodeId, publicHost, controlPort, httpPort, System.currentTimeMillis()));
        List<String> others = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (NodeInfo node : store.directory().liveNodes()) {
            String endpoint = node.publicHost() + ":" + node.controlPort();
            all.add(endpoint);
            if (!node.nodeId().equals(nodeId)) {
                others.add(endpoint);
            }
        }
        if (!others.equals(alternates)) {
            // Joined clients learn nodes that started after their Welcome, so they can find their
            // session on a node that did not exist when they joined.
            registry.announceNodes(all);
        }
        alternates = List.copyOf(others);
        registerAgainWhatRedisLost();
    }

    /**
     * Redis restarted empty (or failed over to a replica that lost writes): the sessions hosted
     * here have no directory entry or record. Registers each again (lease, record, directory
     * entry) and has its tick thread write its participants and a fresh checkpoint, so that
     * another node can take it over if this one dies next. Maintenance thread.
     */
    private void registerAgainWhatRedisLost() {
        List<String> missing = store.unregistered(new ArrayList<>(recorders.keySet()), nodeId);
        if (missing.isEmpty()) {
            return;
        }
        List<String> lostByRedis = missing.stream().filter(registered::contains).toList();
        if (!lostByRedis.isEmpty()) {
            log.warn("Redis has lost the registration of {} session(s) hosted here ({}); registering them again",
                    lostByRedis.size(), String.join(", ", lostByRedis));
        }
        for (String id : missing) {
            Session session = registry.find(id);
            if (session == null || store.leases().keepAll(List.of(id), nodeId).get(id).lost()) {
                continue;
            }
            store.sessions().put(new SessionRecord(id, session.scene().scenarioId(), session.scene().scenarioVersion(),
                    SessionStatus.LOBBY, nodeId, "", session.currentTick(), session.createdAtMillis(), 0));
            store.directory().claim(id, nodeId);
            session.submit(s -> {
                JournalRecorder recorder = recorders.get(id);
                if (recorder != null) {
                    recorder.reregister(s);
                }
            });
            if (registered.contains(id)) {
                reregistered.increment();
            } else {
                log.info("session {}: registered in Redis now (Redis was away when it was created)", id);
                registered.add(id);
            }
        }
    }

    /** One round trip for all hosted sessions. Lease thread. */
    private void renewLeases() {
        List<String> hosted = new ArrayList<>(recorders.keySet());
        if (hosted.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Leases.Kept> kept : store.leases().keepAll(hosted, nodeId).entrySet()) {
            switch (kept.getValue().outcome()) {
                case KEPT -> { }
                case RETAKEN -> {
                    leaseLapses.increment();
                    log.info("session {}: its lease had lapsed (renewal late); this node took it back", kept.getKey());
                }
                case HELD_ELSEWHERE -> lost(kept.getKey(), "held by " + kept.getValue().holder());
            }
        }
    }

    private void scanForOrphans() {
        for (String id : store.directory().unleased()) {
            if (registry.find(id) != null || !taking.add(id)) {
                continue;
            }
            try {
                takeOver(id);
            } finally {
                taking.remove(id);
            }
        }
    }

    /** Takes a session whose lease expired: lease, restore, host, claim. Maintenance thread. */
    private void takeOver(String id) {
        if (!store.leases().acquire(id, nodeId)) {
            return; // another node was quicker
        }
        Optional<RestorePoint> point = store.restore(id);
        if (point.isEmpty() || point.get().checkpoint().isEmpty()) {
            log.warn("session {}: nothing to restore from; releasing it", id);
            store.leases().release(id, nodeId);
            store.directory().remove(id);
            return;
        }
        WorldCheckpoint checkpoint;
        try {
            checkpoint = WorldCheckpoint.parseFrom(point.get().checkpoint().get().world());
        } catch (InvalidProtocolBufferException e) {
            log.error("session {}: its checkpoint does not parse; leaving it", id, e);
            store.leases().release(id, nodeId);
            return;
        }
        SessionContext context = registry.context();
        List<SessionCheckpoints.Recorded> after = new ArrayList<>();
        for (StoredEvent stored : point.get().eventsAfter()) {
            var e = stored.event();
            after.add(new SessionCheckpoints.Recorded(e.type(), e.actor(), e.data(), e.tick(), e.wallMillis()));
        }
        Session session = SessionCheckpoints.takeOver(checkpoint, point.get().checkpoint().get().savedAtMillis(), after,
                context, scenarios);
        List<EventLog.Event> history = new ArrayList<>();
        for (StoredEvent stored : store.events().readLast(id, EventLog.DEFAULT_CAPACITY)) {
            var e = stored.event();
            history.add(new EventLog.Event(stored.id().sequence(), e.type(), (int) e.tick(), e.wallMillis(), e.actor(),
                    e.data()));
        }
        session.events().seed(history);
        SessionCheckpoints.knownResumeHashes(session, point.get().participants().stream().collect(
                java.util.stream.Collectors.toMap(ensemble.server.store.Participant::id,
                        ensemble.server.store.Participant::resumeTokenHash, (a, b) -> b)));
        int startTick = session.tickNumber();
        attach(session, point.get().lastAppended());
        if (!registry.adopt(session)) {
            recorders.remove(id);
            return;
        }
        store.directory().claim(id, nodeId);
        registered.add(id);
        session.submit(s -> s.recorderCheckpoint());
        takeoverEventsAfterCheckpoint.record(after.size());
        log.info("session {}: taken over from {} (checkpoint of tick {} and {} events after it); continuing at tick {}",
                id, point.get().session().ownerNode(), checkpoint.getTick(), after.size(), startTick);
    }

    // --- lookups for the handshake ------------------------------------------------------------------

    /** Where a session that is not hosted here lives; the answer comes on {@code replyTo}. */
    public void locate(String sessionId, Executor replyTo, Consumer<Location> reply) {
        async.call(s -> {
            // The lease holder, not the directory entry: after a crash the entry names the dead
            // owner until a new node claims it, and redirecting there would send clients to a corpse.
            Optional<NodeInfo> node = s.leases().holder(sessionId).flatMap(s.directory()::node);
            if (node.isPresent() && !node.get().nodeId().equals(nodeId)) {
                return new Location(Location.Kind.ELSEWHERE, node.get().publicHost() + ":" + node.get().controlPort());
            }
            if (s.directory().host(sessionId).isPresent() || s.sessions().get(sessionId).isPresent()) {
                return new Location(Location.Kind.MOVING, "");
            }
            return new Location(Location.Kind.UNKNOWN, "");
        }, replyTo, result -> reply.accept(result instanceof StoreResult.Ok<Location> ok ? ok.value()
                : new Location(Location.Kind.MOVING, "")));
    }

    /** Where a session is, as far as Redis knows. */
    public record Location(Kind kind, String endpoint) {
        public enum Kind { ELSEWHERE, MOVING, UNKNOWN }
    }

    /** True while Redis is unreachable and writes wait in the buffer. */
    public boolean degraded() {
        return writer.degraded();
    }

    public StoreWriter.Health writerHealth() {
        return writer.health();
    }

    public RedisConnection connection() {
        return connection;
    }

    public SessionStore store() {
        return store;
    }

    public String nodeId() {
        return nodeId;
    }

    /** The recorder of a hosted session (tests read its acknowledgement counts). */
    public JournalRecorder recorder(String sessionId) {
        return recorders.get(sessionId);
    }

    /**
     * Saves the final checkpoint of every session hosted here (a graceful stop: the node that takes over
     * starts from this moment instead of the last periodic checkpoint, and takes in no event after it).
     * Call only once {@link SessionRegistry#stopTicking} has ended the tick threads: no tick can then
     * store an event behind the checkpoint, and the caller is the state's only reader. {@link #close}
     * then flushes the checkpoints to Redis.
     */
    public void checkpointAll() {
        for (Session session : registry.all()) {
            if (recorders.containsKey(session.id())) {
                session.recorderCheckpoint();
            }
        }
    }

    /** Stops maintenance, flushes what the writer holds, gives the leases back so others can take over at once. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        leaseKeeper.shutdownNow();
        writer.close();
        try {
            for (String id : recorders.keySet()) {
                store.leases().release(id, nodeId);
            }
            store.directory().leave(nodeId);
        } catch (RuntimeException e) {
            log.debug("could not release leases on shutdown: {}", e.toString());
        }
        async.close();
        connection.close();
    }
}
