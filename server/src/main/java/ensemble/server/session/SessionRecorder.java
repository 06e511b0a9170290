package ensemble.server.session;

/**
 * Persists a session as it runs (implemented over the Redis store). Every method is called on
 * the session's tick thread and must not block: it hands work to the store's writer.
 */
public interface SessionRecorder {
    /** An event was appended to the session's log. */
    void event(Session session, EventLog.Event event);

    /** A participant joined, left, or changed score or what they hold. */
    void participant(Session session, Participant participant);

    /** Every tick: time-based checkpoints and lease bookkeeping. */
    void tick(Session session, long nowMillis);

    /** Save a checkpoint now (step change, join, leave). */
    void checkpointNow(Session session);

    /**
     * The events until {@link #endEffects} are what one scenario step produced: record them
     * together, all or none (a trigger is never stored without its points). Brackets may nest.
     */
    default void beginEffects() {
    }

    default void endEffects(Session session) {
    }
}
