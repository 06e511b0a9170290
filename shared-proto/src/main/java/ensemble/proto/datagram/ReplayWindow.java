package ensemble.proto.datagram;

/**
 * The sequences already received on a link, for the newest {@link #SIZE} of them: a datagram
 * newer than all is accepted, one within the window accepted once (reordering), one seen before
 * or older than the window refused. Sequences are compared as serial numbers (RFC 1982): the
 * difference taken modulo 2^64 and read as signed, so the order holds across the wrap from
 * 2^64 - 1 to 0.
 *
 * <p>{@link #check} runs before the datagram is authenticated (a cheap early refusal),
 * {@link #accept} only after: a forged datagram never moves the window. Not thread-safe: one
 * thread opens a link's datagrams.
 */
public final class ReplayWindow {
    /** How many sequences the window remembers, in datagrams (a power of two). */
    public static final int SIZE = 1024;

    /** What {@link #check} says of a sequence. */
    public enum Verdict {
        /** Newer than every sequence received. */
        NEWEST,
        /** Older than the newest but within the window and not seen: a reordered datagram. */
        LATE,
        /** Seen before. */
        REPLAYED,
        /** Older than the window remembers. */
        TOO_OLD
    }

    private final long[] seen = new long[SIZE / Long.SIZE];
    private long newest;

    /** A window for a link whose sequences start at 1 (0 counts as seen). */
    public ReplayWindow() {
        this(0);
    }

    /** A window that has just received {@code newest}. */
    public ReplayWindow(long newest) {
        this.newest = newest;
        set(newest);
    }

    /** The newest sequence accepted. */
    public long newest() {
        return newest;
    }

    public Verdict check(long seq) {
        long ahead = seq - newest;
        if (ahead > 0) {
            return Verdict.NEWEST;
        }
        if (ahead == 0) {
            return Verdict.REPLAYED;
        }
        // -ahead overflows for a sequence exactly 2^63 away: that one is too old as well.
        if (ahead == Long.MIN_VALUE || -ahead >= SIZE) {
            return Verdict.TOO_OLD;
        }
        return isSet(seq) ? Verdict.REPLAYED : Verdict.LATE;
    }

    /**
     * Records an authenticated sequence. True when it is now the newest (the window moved), false
     * when it filled a gap; {@link IllegalArgumentException} when {@link #check} would refuse it.
     */
    public boolean accept(long seq) {
        Verdict verdict = check(seq);
        switch (verdict) {
            case NEWEST -> {
                long ahead = seq - newest;
                if (ahead >= SIZE) {
                    java.util.Arrays.fill(seen, 0);
                } else {
                    for (long s = newest + 1; s != seq; s++) {
                        clear(s);
                    }
                }
                newest = seq;
                set(seq);
                return true;
            }
            case LATE -> {
                set(seq);
                return false;
            }
            default -> throw new IllegalArgumentException("sequence " + Long.toUnsignedString(seq) + " is " + verdict);
        }
    }

    private boolean isSet(long seq) {
        int bit = (int) (seq & (SIZE - 1));
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }

    private void set(long seq) {
        int bit = (int) (seq & (SIZE - 1));
        seen[bit >>> 6] |= 1L << bit;
    }

    private void clear(long seq) {
        int bit = (int) (seq & (SIZE - 1));
        seen[bit >>> 6] &= ~(1L << bit);
    }
}
