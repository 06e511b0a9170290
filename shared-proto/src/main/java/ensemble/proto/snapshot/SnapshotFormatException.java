package ensemble.proto.snapshot;

/** A snapshot payload that does not decode. Stackless: it describes input, not a bug. */
public final class SnapshotFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message, null, false, false);
    }
}
