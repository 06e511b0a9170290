package ensemble.server.node;

import ensemble.server.session.EventLog;
import ensemble.server.session.Participant;
import ensemble.server.session.Session;
import ensemble.server.session.SessionCheckpoints;
import ensemble.server.session.SessionRecorder;
import ensemble.server.store.EventRecord;
import ensemble.server.store.SessionJournal;
import ensemble.server.store.SessionStatus;
import ensemble.server.store.WriteOutcome;
import ensemble.server.world.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists one session through the store's writer: every event of its log, participants when they
 * change, and world checkpoints every {@link #CHECKPOINT_MILLIS} and at every step change, join
 * and leave. Called on the session's tick thread; nothing here waits for Redis. Acknowledgements
 * arrive on the writer's thread and only touch atomics.
 *
 * <p>What a crash of this node can lose: events handed to the writer but not yet in Redis —
 * normally less than one batch flush (a few milliseconds), at most what the writer buffers while
 * Redis is unreachable. {@link #storedEvents()} counts what Redis has acknowledged.
 */
public final class JournalRecorder implements SessionRecorder {
    private static final Logger log = LoggerFactory.getLogger(JournalRecorder.class);
    /** Time between periodic checkpoints. */
    public static final long CHECKPOINT_MILLIS = 5_000;

    private final SessionJournal journal;
    private final Consumer<String> leaseLost;
    private final Runnable ended;
    private boolean endedReported;
    /** Events of the scenario effects being applied now, recorded together; null outside them. */
    private List<EventRecord> effects;
    private int effectsDepth;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean lost;
    private volatile String lostReason = "";
    private boolean lostReported;
    private long lastCheckpointMillis;
    private final Consumer<WriteOutcome> ack = this::acknowledged;

    /**
     * {@code leaseLost} is told, once and on the tick thread, why a fenced write was refused;
     * {@code ended}, once, that the session's state became ENDED (its data then gets the retention time).
     */
    JournalRecorder(SessionJournal journal, Consumer<String> leaseLost, Runnable ended) {
        this.journal = journal;
        this.leaseLost = leaseLost;
        this.ended = ended;
    }

    private void acknowledged(WriteOutcome outcome) {
        switch (outcome.status()) {
            case STORED -> stored.incrementAndGet();
            case LEASE_LOST -> {
                lostReason = outcome.detail();
                lost = true;
            }
            case SUPERSEDED -> { }
            default -> failed.incrementAndGet();
        }
    }

    @Override
    public void event(Session session, EventLog.Event event) {
        if (event == null) {
            return;
        }
        try {
            EventRecord record = new EventRecord(event.type(), event.tick(), event.wallMillis(), event.actor(), event.data());
            if (effects != null) {
                effects.add(record);
            } else {
                journal.append(record, ack);
            }
        } catch (IllegalArgumentException e) {
            log.warn("session {}: event {} not recorded: {}", session.id(), event.type(), e.getMessage());
        }
    }

    @Override
    public void beginEffects() {
        if (effectsDepth++ == 0) {
            effects = new ArrayList<>();
        }
    }

    @Override
    public void endEffects(Session session) {
        if (effectsDepth > 0 && --effectsDepth == 0) {
            flushEffects();
        }
    }

    /** Hands the open batch of effects to the journal as one write. */
    private void flushEffects() {
        if (effects == null) {
            return;
        }
        List<EventRecord> batch = effects;
        effects = effectsDepth > 0 ? new ArrayList<>() : null;
        if (!batch.isEmpty()) {
            int count = batch.size();
            journal.appendAll(batch, outcome -> {
                for (int i = 0; i < count; i++) {
                    acknowledged(outcome);
                }
            });
        }
    }

    @Override
    public void participant(Session session, Participant p) {
        List<String> held = new ArrayList<>();
        for (Entity e : session.entityList()) {
            if (e.holder() == p.index() && held.size() < ensemble.server.store.Participant.MAX_HELD) {
                held.add(e.id());
            }
        }
        try {
            journal.participant(new ensemble.server.store.Participant(p.id(), p.displayName(), p.role(),
                    p.resumeTokenHash(), p.score(), held,
                    session.createdAtMillis()), session.state() == Session.State.ENDED, ack);
        } catch (IllegalArgumentException e) {
            log.warn("session {}: participant {} not recorded: {}", session.id(), p.id(), e.getMessage());
        }
    }

    @Override
    public void tick(Session session, long nowMillis) {
        if (lost && !lostReported) {
            lostReported = true;
            leaseLost.accept(lostReason);
            return;
        }
        if (nowMillis - lastCheckpointMillis >= CHECKPOINT_MILLIS) {
            checkpointNow(session);
        }
        if (session.state() == Session.State.ENDED && !endedReported) {
            endedReported = true;
            // Told once this last write is through: the writer keeps a session's order, so every
            // earlier write (one that keeps a person index alive among them) is in Redis by then.
            checkpoint(session, outcome -> {
                acknowledged(outcome);
                ended.run();
            });
        }
    }

    @Override
    public void checkpointNow(Session session) {
        checkpoint(session, ack);
    }

    private void checkpoint(Session session, Consumer<WriteOutcome> progressAck) {
        flushEffects(); // the checkpoint includes them, so they go first
        long now = session.context().clock().millis();
        lastCheckpointMillis = now;
        journal.checkpoint(session.tickNumber(), now, SessionCheckpoints.capture(session).toByteArray(), ack);
        String step = session.scenario() != null ? session.scenario().currentStep() : "";
        journal.progress(step, session.tickNumber(), status(session.state()), progressAck);
    }

    /**
     * Writes again what Redis lost of this session (it restarted empty): every participant (and
     * so the person index) and a fresh checkpoint, which also records step, status and owner.
     */
    public void reregister(Session session) {
        for (Participant p : session.participantList()) {
            participant(session, p);
        }
        checkpointNow(session);
    }

    private static SessionStatus status(Session.State state) {
        return switch (state) {
            case WAITING -> SessionStatus.LOBBY;
            case RUNNING -> SessionStatus.RUNNING;
            case PAUSED -> SessionStatus.PAUSED;
            case ENDED -> SessionStatus.ENDED;
        };
    }

    /** Events and other writes Redis has acknowledged. */
    public long storedEvents() {
        return stored.get();
    }

    public long failedWrites() {
        return failed.get();
    }

    public boolean leaseLost() {
        return lost;
    }

}
