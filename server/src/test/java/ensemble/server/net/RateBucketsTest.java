package ensemble.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateBucketsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RateBuckets buckets = new RateBuckets(3, 2, nanos::get);

    @Test
    void aKeyGetsItsBurstThenItsRate() {
        for (int i = 0; i < 3; i++) {
            assertTrue(buckets.take("10.0.0.1"), "burst " + i);
        }
        assertFalse(buckets.take("10.0.0.1"), "burst used up");
        assertTrue(buckets.take("10.0.0.2"), "another key has its own bucket");
        nanos.addAndGet(500_000_000L); // half a second at 2/s: one more
        assertTrue(buckets.take("10.0.0.1"));
        assertFalse(buckets.take("10.0.0.1"));
        nanos.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertTrue(buckets.take("10.0.0.1"), "refilled to the burst, not beyond");
        }
        assertFalse(buckets.take("10.0.0.1"));
    }

    @Test
    void keysAreBoundedAndRefilledOnesAreForgottenFirst() {
        for (int i = 0; i < RateBuckets.MAX_KEYS; i++) {
            buckets.take("k" + i);
        }
        assertEquals(RateBuckets.MAX_KEYS, buckets.keys());
        nanos.addAndGet(10_000_000_000L); // every bucket is full again
        assertTrue(buckets.take("new"));
        assertEquals(1, buckets.keys(), "refilled buckets were dropped");
    }
}
