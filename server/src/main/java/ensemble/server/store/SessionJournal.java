package ensemble.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One session's way into the {@link StoreWriter}: the session's tick thread appends events,
 * saves checkpoints and records progress here without waiting for Redis. Each call returns at
 * once; its {@link WriteOutcome} arrives later on the session's inbox executor.
 *
 * <p>Thread contract: one journal belongs to one session and is used only from that session's
 * tick thread (it numbers the events without locking).
 */
public final class SessionJournal {
    private final StoreWriter writer;
    private final String sessionId;
    private final PendingWrite.Ack silent;
    private final Executor inbox;
    private EventId last;

    SessionJournal(StoreWriter writer, String sessionId, EventId lastAppended, Executor inbox) {
        this.writer = writer;
        this.sessionId = sessionId;
        this.inbox = inbox;
        this.silent = new PendingWrite.Ack(inbox, null);
        this.last = lastAppended;
    }

    /**
     * Appends an event and returns its id now. {@code ack} (may be null) hears {@code STORED}
     * once the event is in Redis: acknowledge it to clients then.
     */
    public EventId append(EventRecord event, Consumer<WriteOutcome> ack) {
        EventId id = last.next();
        last = id;
        writer.submit(new PendingWrite.Append(sessionId, id, event, ack(ack)));
        return id;
    }

    /**
     * Appends several events that belong together (what one scenario step produced) so that Redis
     * has all of them or none; {@code ack} hears the outcome once, for all of them.
     */
    public void appendAll(List<EventRecord> events, Consumer<WriteOutcome> ack) {
        if (events.isEmpty()) {
            return;
        }
        List<EventId> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            last = last.next();
            ids.add(last);
        }
        writer.submit(new PendingWrite.AppendAll(sessionId, ids, events, ack(ack)));
    }

    /**
     * Saves the world as of now: it includes every event appended so far, so a restore replays
     * only the events appended after this call.
     */
    public void checkpoint(long tick, long nowMillis, byte[] world, Consumer<WriteOutcome> ack) {
        writer.submitCheckpoint(new PendingWrite.SaveCheckpoint(sessionId, new Checkpoint(tick, last, nowMillis, world),
                ack(ack)));
    }

    /** Records the current step and clock in the session record. */
    public void progress(String step, long tick, Consumer<WriteOutcome> ack) {
        writer.submit(new PendingWrite.UpdateSession(sessionId, Map.of("step", step, "tick", Long.toString(tick)),
                ack(ack)));
    }

    /**
     * Records the current step, clock and status in the session record, and this node as its
     * owner (the record then names who really runs the session, after a takeover too).
     */
    public void progress(String step, long tick, SessionStatus status, Consumer<WriteOutcome> ack) {
        writer.submit(new PendingWrite.UpdateSession(sessionId, Map.of("step", step, "tick", Long.toString(tick),
                "status", status.name(), "ownerNode", writer.nodeId()), ack(ack)));
    }

    /** Records a status change (started, paused, resumed). Ending goes through {@link SessionStore#end}. */
    public void status(SessionStatus status, Consumer<WriteOutcome> ack) {
        writer.submit(new PendingWrite.UpdateSession(sessionId, Map.of("status", status.name()), ack(ack)));
    }

    /** Adds or updates a participant (join, role, score, held entities, new resume token). */
    public void participant(Participant participant, Consumer<WriteOutcome> ack) {
        participant(participant, false, ack);
    }

    /** As {@link #participant(Participant, Consumer)}; after the session's end the person index keeps its expiry. */
    public void participant(Participant participant, boolean sessionEnded, Consumer<WriteOutcome> ack) {
        writer.submit(new PendingWrite.PutParticipant(sessionId, participant, sessionEnded, ack(ack)));
    }

    /** The id of the last event appended through this journal (or before it, on restore). */
    public EventId lastAppended() {
        return last;
    }

    public String sessionId() {
        return sessionId;
    }

    private PendingWrite.Ack ack(Consumer<WriteOutcome> callback) {
        return callback == null ? silent : new PendingWrite.Ack(inbox, callback);
    }
}
