package ensemble.client.net;

/**
 * Times a client's inputs to reach the server just before its ticks. The server applies the
 * newest input waiting when a tick begins; an input that arrives just after that waits a whole
 * tick. Inputs sent at a fixed rate of their own drift against the server's ticks and so wait
 * anywhere from nothing to one tick period; paced inputs wait about {@link #leadNanos()}.
 *
 * <p>Each snapshot tells when its tick began ({@code tick_start_us}) and when it was sent
 * ({@code server_time_us}), both on the server's clock; their difference, the arrival time here
 * and half the round trip give an estimate of when that tick began on <em>our</em> clock — no
 * clock offset needed. Delays only ever make an estimate late, so the tick phase is the earliest
 * estimate of each window of {@link #WINDOW} snapshots. The lead is {@link #MIN_LEAD_NANOS} plus
 * the recent peak lateness of the estimates (a decaying maximum with a half-life of about
 * {@link #PEAK_HALF_LIFE} snapshots), at most half a tick: what delays snapshots here — the
 * network's jitter, this machine's scheduling — delays inputs the same way.
 *
 * <p>Until the phase is known, or when the input period is not a whole number of ticks, inputs
 * go at their fixed period. Not thread-safe: used on the connection's event loop.
 */
public final class InputPacer {
    /** Snapshots per phase estimate. */
    static final int WINDOW = 30;
    /** Least time an input should be at the server before the tick that takes it. */
    static final long MIN_LEAD_NANOS = 3_000_000;
    /** Snapshots after which a peak of lateness counts half. */
    static final int PEAK_HALF_LIFE = 240;
    private static final double PEAK_DECAY = Math.pow(0.5, 1.0 / PEAK_HALF_LIFE);

    private final long tickNanos;
    private final long inputNanos;
    private final boolean aligned;
    private boolean known;
    private long phase;
    private long lead = MIN_LEAD_NANOS;
    private int samples;
    private long windowMin;
    private double peakLate;

    /**
     * @param tickNanos  the server's tick period (0 when the server did not say)
     * @param inputNanos our input period
     */
    public InputPacer(long tickNanos, long inputNanos) {
        if (inputNanos <= 0) {
            throw new IllegalArgumentException("input period must be positive: " + inputNanos);
        }
        this.tickNanos = tickNanos;
        this.inputNanos = inputNanos;
        long ticks = tickNanos > 0 ? Math.round((double) inputNanos / tickNanos) : 0;
        this.aligned = ticks >= 1 && Math.abs(ticks * tickNanos - inputNanos) <= inputNanos / 100;
    }

    /**
     * One snapshot arrived at {@code receivedNanos} ({@link System#nanoTime()}); its tick began at
     * {@code tickStartMicros} and it was sent at {@code sentMicros} (server clock, 0 when unknown);
     * {@code oneWayNanos} is our estimate of the trip from the server (half the round trip).
     */
    public void onSnapshot(long receivedNanos, long tickStartMicros, long sentMicros, long oneWayNanos) {
        if (!aligned || tickStartMicros <= 0 || sentMicros < tickStartMicros) {
            return;
        }
        long tickStart = receivedNanos - Math.max(0, oneWayNanos) - (sentMicros - tickStartMicros) * 1000;
        if (!known) {
            known = true;
            phase = tickStart;
            windowMin = 0;
            samples = 0;
        }
        long late = wrap(tickStart - phase);
        windowMin = samples == 0 ? late : Math.min(windowMin, late);
        peakLate = Math.max(late, peakLate * PEAK_DECAY);
        if (++samples == WINDOW) {
            phase += windowMin;
            peakLate = Math.max(0, peakLate - windowMin);
            samples = 0;
        }
        lead = Math.min(tickNanos / 2, MIN_LEAD_NANOS + (long) peakLate);
    }

    /**
     * An input meant for {@code scheduledNanos} went at {@code sentNanos}: a late timer (a busy or
     * descheduled event loop) counts towards the lead like late snapshots do.
     */
    public void onSent(long scheduledNanos, long sentNanos) {
        if (known) {
            peakLate = Math.max(sentNanos - scheduledNanos, peakLate);
            lead = Math.min(tickNanos / 2, MIN_LEAD_NANOS + (long) peakLate);
        }
    }

    /**
     * When to send the input after the one sent at {@code lastSendNanos}: one input period later,
     * moved to the nearest moment that is {@link #leadNanos()} plus the trip before a tick begins
     * (so never more than half a tick away from the fixed period).
     */
    public long nextSend(long lastSendNanos, long oneWayNanos) {
        long nominal = lastSendNanos + inputNanos;
        if (!aligned || !known) {
            return nominal;
        }
        long offset = lead + Math.max(0, oneWayNanos);
        long ticksAhead = Math.round((double) (nominal + offset - phase) / tickNanos);
        return phase + ticksAhead * tickNanos - offset;
    }

    /** Whether inputs are being timed to the server's ticks (the phase is known). */
    public boolean pacing() {
        return aligned && known;
    }

    /** How long before a tick an input is meant to arrive, nanoseconds. */
    public long leadNanos() {
        return lead;
    }

    /** {@code delta} folded into one tick period around zero: [-tick/2, tick/2). */
    private long wrap(long delta) {
        long half = tickNanos / 2;
        return Math.floorMod(delta + half, tickNanos) - half;
    }
}
