package ensemble.server.store;

/**
 * The position of an event in its session's stream: a per-session sequence number starting at 1.
 *
 * <p>The Redis stream entry id is {@code <sequence>-0}, written explicitly rather than generated
 * by Redis. That makes appends idempotent: a write retried after a half-failed pipeline carries
 * the same id, and the append script recognises it as already stored. It also keeps ids
 * increasing when a session moves to a node whose clock is behind, which a time-based id would
 * not. Wall time is kept in the event itself.
 */
public record EventId(long sequence) implements Comparable<EventId> {

    /** Before the first event: "read everything", "nothing appended yet". */
    public static final EventId NONE = new EventId(0);

    public EventId {
        if (sequence < 0) {
            throw new IllegalArgumentException("event sequence must be >= 0, was " + sequence);
        }
    }

    /** Parses a stream entry id such as {@code 42-0}. */
    public static EventId parse(String streamId) {
        int dash = streamId.indexOf('-');
        try {
            long sequence = Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
            if (dash >= 0 && Long.parseLong(streamId.substring(dash + 1)) != 0) {
                throw new IllegalArgumentException("not an Ensemble event id (sequence-0): " + streamId);
            }
            return new EventId(sequence);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream entry id: " + streamId, e);
        }
    }

    public EventId next() {
        return new EventId(sequence + 1);
    }

    /** The Redis stream entry id. */
    public String streamId() {
        return sequence + "-0";
    }

    @Override
    public int compareTo(EventId other) {
        return Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return streamId();
    }
}
