package ensemble.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects write acknowledgements the way a session would: on a single "inbox" thread of its own,
 * in the order they arrive.
 */
final class Acks implements AutoCloseable {
    final ExecutorService inbox = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-inbox"));
    private final List<Ack> received = new ArrayList<>();

    record Ack(EventId id, WriteOutcome outcome, String thread) {
    }

    /** A callback recording the outcome under {@code id} (null for writes that are not events). */
    Consumer<WriteOutcome> forId(EventId id) {
        return outcome -> {
            synchronized (received) {
                received.add(new Ack(id, outcome, Thread.currentThread().getName()));
                received.notifyAll();
            }
        };
    }

    /** Waits until {@code count} acknowledgements have arrived and returns them in arrival order. */
    List<Ack> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + received.size() + " of " + count + " acknowledgements within "
                            + timeout + "; last: " + (received.isEmpty() ? "none" : received.get(received.size() - 1)));
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return List.copyOf(received);
        }
    }

    List<Ack> snapshot() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        inbox.shutdownNow();
    }
}
