package ensemble.client.net;

/**
 * Estimates the offset between the server's clock and ours from heartbeat round trips: of the
 * recent samples, the one with the shortest round trip is trusted most (it has the least
 * queueing in it). Not thread-safe: used on the connection's event loop.
 */
public final class ClockSync {
    static final int SAMPLES = 16;

    private final long[] offsets = new long[SAMPLES];
    private final long[] roundTrips = new long[SAMPLES];
    private int count;
    private int next;

    /**
     * Records one exchange: we sent at {@code sentMs}, the server stamped {@code serverMs}, we
     * received the answer at {@code receivedMs} (all milliseconds).
     */
    public void sample(long sentMs, long serverMs, long receivedMs) {
        long rtt = Math.max(0, receivedMs - sentMs);
        offsets[next] = serverMs + rtt / 2 - receivedMs;
        roundTrips[next] = rtt;
        next = (next + 1) % SAMPLES;
        count = Math.min(SAMPLES, count + 1);
    }

    /** Server time minus local time in milliseconds (0 before any sample). */
    public long offsetMs() {
        int best = -1;
        for (int i = 0; i < count; i++) {
            if (best < 0 || roundTrips[i] < roundTrips[best]) {
                best = i;
            }
        }
        return best < 0 ? 0 : offsets[best];
    }

    /** Shortest recent round trip in milliseconds, or -1 before any sample. */
    public long roundTripMs() {
        long best = -1;
        for (int i = 0; i < count; i++) {
            if (best < 0 || roundTrips[i] < best) {
                best = roundTrips[i];
            }
        }
        return best;
    }
}
