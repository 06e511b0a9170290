package ensemble.server.store;

import java.util.Objects;

/**
 * How an asynchronous write ended, as delivered to its acknowledgement callback. Only
 * {@link Status#STORED} means the write is in Redis.
 */
public record WriteOutcome(Status status, String detail) {

    public enum Status {
        /** In Redis (possibly by an earlier attempt of the same write). */
        STORED,
        /** Refused: the writer's buffer was full (Redis slow or away for long). Never written. */
        OVERFLOW,
        /** Refused by Redis: another node holds the session's lease, so this node lost the session. */
        LEASE_LOST,
        /** A newer checkpoint of the same session replaced this one before it was written. */
        SUPERSEDED,
        /** Redis rejected the write for good (a bug or a damaged key); see the detail. */
        FAILED,
        /** The writer closed before it could write this. */
        CLOSED
    }

    public static final WriteOutcome STORED = new WriteOutcome(Status.STORED, "");

    public WriteOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean stored() {
        return status == Status.STORED;
    }
}
