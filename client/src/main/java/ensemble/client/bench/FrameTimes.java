package ensemble.client.bench;

import java.util.Arrays;
import java.util.Locale;

/** Frame durations in microseconds, and their percentiles. Not thread-safe. */
public final class FrameTimes {
    private long[] micros = new long[4096];
    private int count;

    public void record(long frameMicros) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = frameMicros;
    }

    public int count() {
        return count;
    }

    /** The {@code p}-th percentile (0..100, nearest rank) in microseconds; 0 when empty. */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    public double meanMicros() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += micros[i];
        }
        return count == 0 ? 0 : sum / (double) count;
    }

    /** A readable report: frames, mean fps and the frame-time percentiles in milliseconds. */
    public String report(String what) {
        double mean = meanMicros();
        return String.format(Locale.ROOT,
                "%s%n  frames     %d%n  mean fps   %.1f%n  frame time ms: p50 %.2f  p90 %.2f  p95 %.2f  p99 %.2f  max %.2f%n",
                what, count, mean > 0 ? 1e6 / mean : 0, percentile(50) / 1000.0, percentile(90) / 1000.0,
                percentile(95) / 1000.0, percentile(99) / 1000.0, percentile(100) / 1000.0);
    }
}
