package ensemble.server.net;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a peer's IP address, a join link, a participant): each key may take
 * {@code burst} at once and {@code perSecond} more every second. Thread-safe (the control
 * channel's event loops share one). At most {@link #MAX_KEYS} keys are kept: past that, keys whose
 * bucket has refilled (the same as a new one) are forgotten, and if every key is still busy the
 * table starts over, so a flood from many addresses costs memory it cannot grow.
 */
public final class RateBuckets {
    /** Keys remembered at most. */
    public static final int MAX_KEYS = 10_000;

    private final double burst;
    private final double perSecond;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAtNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAtNanos = now;
        }
    }

    /** {@code nanos} is the clock ({@code System::nanoTime}; tests pass their own). */
    public RateBuckets(int burst, int perSecond, LongSupplier nanos) {
        if (burst < 1 || perSecond < 1) {
            throw new IllegalArgumentException("a rate limit needs burst >= 1 and rate >= 1/s, was " + burst + ", " + perSecond);
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanos = nanos;
    }

    /** Takes one token of {@code key}'s bucket; false when it is empty (the caller refuses). */
    public boolean take(String key) {
        long now = nanos.getAsLong();
        if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
            sweep(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    /** Keys held now (for tests and metrics). */
    public int keys() {
        return buckets.size();
    }

    private void refill(Bucket bucket, long now) {
        double seconds = Math.max(0, now - bucket.refilledAtNanos) / 1e9;
        bucket.tokens = Math.min(burst, bucket.tokens + seconds * perSecond);
        bucket.refilledAtNanos = now;
    }

    private void sweep(long now) {
        buckets.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                refill(entry.getValue(), now);
                return entry.getValue().tokens >= burst;
            }
        });
        if (buckets.size() >= MAX_KEYS) {
            buckets.clear();
        }
    }
}
