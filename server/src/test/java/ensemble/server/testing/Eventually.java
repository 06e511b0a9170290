package ensemble.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for observable state with a generous limit (a busy machine must not fail a test). */
public final class Eventually {
    /** Default limit: far above what a loaded CI machine needs. */
    public static final Duration LIMIT = Duration.ofSeconds(30);

    private Eventually() {
    }

    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + LIMIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(25);
        }
    }
}
