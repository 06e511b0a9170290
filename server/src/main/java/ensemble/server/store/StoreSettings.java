package ensemble.server.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The store's tunables, in one record. The server builds it from its configuration; tests shrink
 * the times.
 *
 * @param retention         how long an ended session's data is kept
 * @param leaseTtl          a session lease not renewed for this long expires and another node may
 *                          take the session over; renew every third of it
 * @param nodeTtl           a node that has not heartbeated for this long is considered gone
 * @param maxBufferedWrites most writes (events, record updates) the writer holds while Redis is slow
 *                          or away; see {@link StoreWriter} for what happens beyond it
 * @param maxBatch          most writes sent in one pipeline
 * @param retryMin          first wait after a failed flush; doubles on each failure
 * @param retryMax          longest wait between retries
 * @param closeTimeout      how long closing the writer waits to flush what is buffered
 */
public record StoreSettings(Duration retention, Duration leaseTtl, Duration nodeTtl, int maxBufferedWrites,
                            int maxBatch, Duration retryMin, Duration retryMax, Duration closeTimeout) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /** Short enough that a dead node's sessions move within the 5 s the failover promise allows. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(3);
    public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(5);
    /**
     * About three minutes of a busy session's events at 60 events/s, or a 10 s Redis outage of
     * 15 sessions at that rate.
     */
    public static final int DEFAULT_MAX_BUFFERED_WRITES = 10_000;
    public static final int DEFAULT_MAX_BATCH = 256;

    public StoreSettings {
        requirePositive("retention", retention);
        requirePositive("leaseTtl", leaseTtl);
        requirePositive("nodeTtl", nodeTtl);
        requirePositive("retryMin", retryMin);
        requirePositive("retryMax", retryMax);
        requirePositive("closeTimeout", closeTimeout);
        if (maxBufferedWrites < 1) {
            throw new IllegalArgumentException("maxBufferedWrites must be >= 1, was " + maxBufferedWrites);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static StoreSettings defaults() {
        return new StoreSettings(DEFAULT_RETENTION, DEFAULT_LEASE_TTL, DEFAULT_NODE_TTL, DEFAULT_MAX_BUFFERED_WRITES,
                DEFAULT_MAX_BATCH, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public StoreSettings withRetention(Duration value) {
        return new StoreSettings(value, leaseTtl, nodeTtl, maxBufferedWrites, maxBatch, retryMin, retryMax, closeTimeout);
    }

    public StoreSettings withLeaseTtl(Duration value) {
        return new StoreSettings(retention, value, nodeTtl, maxBufferedWrites, maxBatch, retryMin, retryMax, closeTimeout);
    }

    public StoreSettings withNodeTtl(Duration value) {
        return new StoreSettings(retention, leaseTtl, value, maxBufferedWrites, maxBatch, retryMin, retryMax, closeTimeout);
    }

    public StoreSettings withMaxBufferedWrites(int value) {
        return new StoreSettings(retention, leaseTtl, nodeTtl, value, maxBatch, retryMin, retryMax, closeTimeout);
    }

    public StoreSettings withMaxBatch(int value) {
        return new StoreSettings(retention, leaseTtl, nodeTtl, maxBufferedWrites, value, retryMin, retryMax, closeTimeout);
    }

    public StoreSettings withRetry(Duration min, Duration max) {
        return new StoreSettings(retention, leaseTtl, nodeTtl, maxBufferedWrites, maxBatch, min, max, closeTimeout);
    }

    public StoreSettings withCloseTimeout(Duration value) {
        return new StoreSettings(retention, leaseTtl, nodeTtl, maxBufferedWrites, maxBatch, retryMin, retryMax, value);
    }
}
