package ensemble.server.session;

import ensemble.server.world.Scene;
import ensemble.v1.ErrorCode;
import ensemble.v1.NodeList;
import ensemble.v1.ServerMessage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions hosted on this node, and the tick threads they run on. Thread-safe.
 */
public final class SessionRegistry implements AutoCloseable {
    /** Sessions one node hosts at most. */
    public static final int MAX_SESSIONS = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionContext context;
    private final List<TickThread> tickThreads = new ArrayList<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Session, TickThread> placement = new ConcurrentHashMap<>();
    private volatile Lifecycle lifecycle = Lifecycle.NONE;

    /** Told when sessions start and end on this node (the store persists them). */
    public interface Lifecycle {
        /** A session was created here, before its first tick. */
        void created(Session session);

        /** A session ended here (removed by a facilitator or the API). */
        void removed(Session session);

        Lifecycle NONE = new Lifecycle() {
            @Override
            public void created(Session session) {
            }

            @Override
            public void removed(Session session) {
            }
        };
    }

    public void setLifecycle(Lifecycle value) {
        lifecycle = value;
    }

    public SessionRegistry(SessionContext context) {
        this.context = context;
        for (int i = 0; i < context.config().tickThreads(); i++) {
            tickThreads.add(new TickThread("ensemble-tick-" + i, context.config().tickRate(), context.sessionMetrics));
        }
    }

    public SessionContext context() {
        return context;
    }

    /**
     * Creates a session of {@code scene} and starts ticking it; its id is generated unless given.
     * A scene built from a scenario gets that scenario bound, waiting for a facilitator's start.
     */
    public Session create(Scene scene, String requestedId) {
        return create(scene, requestedId, false);
    }

    /** As {@link #create(Scene, String)}; {@code startScenario} starts the scenario at once. */
    public Session create(Scene scene, String requestedId, boolean startScenario) {
        if (sessions.size() >= MAX_SESSIONS) {
            throw new IllegalStateException("this node already hosts " + MAX_SESSIONS + " sessions");
        }
        String id = requestedId != null ? requestedId : "s-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffffL);
        Session session = new Session(id, scene, context);
        if (scene.hasScenario()) {
            session.bindScenario(new ScenarioDriver(session, scene.scenario()), false);
        }
        if (sessions.putIfAbsent(id, session) != null) {
            throw new IllegalArgumentException("session " + id + " already exists");
        }
        lifecycle.created(session);
        if (scene.hasScenario() && startScenario) {
            session.submit(s -> s.control(ensemble.v1.FacilitatorCommand.newBuilder()
                    .setKind(ensemble.v1.FacilitatorCommand.Kind.KIND_START).build(), "api"));
        }
        place(session);
        return session;
    }

    /**
     * Hosts a session built elsewhere (restored from a checkpoint after a takeover) and starts
     * ticking it. False when a session of that id is already here.
     */
    public boolean adopt(Session session) {
        if (sessions.putIfAbsent(session.id(), session) != null) {
            return false;
        }
        place(session);
        return true;
    }

    /**
     * Hosts a new session built elsewhere (a fork of a recording): like {@link #create}, the store
     * is told of it before its first tick. False when a session of that id is already here.
     */
    public boolean host(Session session) {
        if (sessions.size() >= MAX_SESSIONS) {
            throw new IllegalStateException("this node already hosts " + MAX_SESSIONS + " sessions");
        }
        if (sessions.putIfAbsent(session.id(), session) != null) {
            return false;
        }
        lifecycle.created(session);
        place(session);
        return true;
    }

    /** Stops hosting a session without ending it (another node owns it now). */
    public void release(String id, ensemble.v1.ErrorCode code, String reason) {
        Session session = sessions.remove(id);
        if (session == null) {
            return;
        }
        TickThread thread = placement.remove(session);
        session.submit(s -> {
            s.closeAll(code, reason);
            if (thread != null) {
                thread.remove(s);
            }
        });
    }

    private void place(Session session) {
        TickThread thread;
        synchronized (tickThreads) {
            thread = tickThreads.stream().min(Comparator.comparingInt(TickThread::load)).orElseThrow();
            thread.add(session);
        }
        placement.put(session, thread);
    }

    public Session find(String id) {
        return id == null ? null : sessions.get(id);
    }

    public Collection<Session> all() {
        return List.copyOf(sessions.values());
    }

    /** Tells every joined client of every session hosted here which nodes the deployment has now. */
    public void announceNodes(List<String> endpoints) {
        ServerMessage message = ServerMessage.newBuilder().setNodes(NodeList.newBuilder().addAllEndpoints(endpoints)).build();
        for (Session session : all()) {
            session.submit(s -> s.broadcast(message));
        }
    }

    /** Stops ticking a session and closes its connections with a reason. */
    public void remove(String id, ErrorCode code, String reason) {
        Session session = sessions.get(id);
        if (session == null) {
            return;
        }
        lifecycle.removed(session);
        sessions.remove(id);
        TickThread thread = placement.remove(session);
        session.submit(s -> {
            s.closeAll(code, reason);
            if (thread != null) {
                thread.remove(s);
            }
        });
    }

    /**
     * Stops every tick thread after its tick in progress. True when all have ended: the sessions' state then
     * has no owner thread any more, and the caller may read it (the final checkpoint of a graceful stop).
     */
    public boolean stopTicking() {
        boolean all = true;
        for (TickThread thread : tickThreads) {
            all &= thread.stop();
        }
        return all;
    }

    @Override
    public void close() {
        stopTicking();
        for (Session session : sessions.values()) {
            session.closeAll(ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN, "the server is shutting down");
        }
        sessions.clear();
    }
}
