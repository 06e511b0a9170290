package ensemble.client.net;

import java.util.Arrays;

/**
 * Keeps latency samples (microseconds) for percentiles: the first {@code capacity} samples in
 * full, then a uniform reservoir, so memory stays bounded however long a bot runs. Thread-safe.
 */
public final class LatencyRecorder {
    private final long[] samples;
    private long seen;
    private final java.util.SplittableRandom random = new java.util.SplittableRandom(1);

    public LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    public synchronized void record(long micros) {
        if (seen < samples.length) {
            samples[(int) seen] = micros;
        } else {
            long slot = random.nextLong(seen + 1);
            if (slot < samples.length) {
                samples[(int) slot] = micros;
            }
        }
        seen++;
    }

    public synchronized long count() {
        return seen;
    }

    /** The p-th percentile (0..100) in microseconds, or -1 without samples. */
    public synchronized long percentile(double p) {
        int n = (int) Math.min(seen, samples.length);
        if (n == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }

    /** Adds another recorder's samples (for totals across bots). */
    public synchronized void addAll(LatencyRecorder other) {
        long[] copy;
        int n;
        synchronized (other) {
            n = (int) Math.min(other.seen, other.samples.length);
            copy = Arrays.copyOf(other.samples, n);
        }
        for (int i = 0; i < n; i++) {
            record(copy[i]);
        }
    }
}
