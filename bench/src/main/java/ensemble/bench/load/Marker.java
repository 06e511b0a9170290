package ensemble.bench.load;

import ensemble.client.bot.Bot;
import ensemble.client.net.LatencyRecorder;
import ensemble.client.net.ServerConnection;
import ensemble.v1.Button;
import ensemble.v1.Input;

/**
 * Measures input → seen by others: the marker client behaves as its {@link Bot} but flips the
 * MENU button (which bots never press) every {@link #PERIOD_NANOS}; the time the first Input
 * carrying the new state leaves is compared with when each other client first decodes a frame
 * in which the marker's avatar flags show it. Both ends are in this JVM, so one
 * {@code System.nanoTime} clock serves. Thread-safe (inputs and observers run on different
 * event loops).
 */
final class Marker implements ServerConnection.InputSource {
    static final long PERIOD_NANOS = 200_000_000L;

    private final Bot bot;
    private final ServerConnection connection;
    final LatencyRecorder inputToSeen = new LatencyRecorder(50_000);
    private boolean pressed;
    private long flippedAtNanos = System.nanoTime();
    private long sentAtNanos;
    private volatile int participantIndex = -1;

    Marker(Bot bot, ServerConnection connection) {
        this.bot = bot;
        this.connection = connection;
    }

    ServerConnection connection() {
        return connection;
    }

    int participantIndex() {
        if (participantIndex < 0 && connection.welcome() != null) {
            participantIndex = connection.welcome().getParticipantIndex();
        }
        return participantIndex;
    }

    @Override
    public void fill(Input.Builder input) {
        bot.fill(input);
        long now = System.nanoTime();
        synchronized (this) {
            if (now - flippedAtNanos >= PERIOD_NANOS) {
                pressed = !pressed;
                flippedAtNanos = now;
                sentAtNanos = now; // the connection sends this Input right after fill returns
            }
            if (pressed) {
                input.setButtons(input.getButtons() | Button.BUTTON_MENU_VALUE);
            } else {
                input.setButtons(input.getButtons() & ~Button.BUTTON_MENU_VALUE);
            }
        }
    }

    /** An observer first decoded the marker's MENU button as {@code showsPressed} at {@code nowNanos}. */
    void seen(boolean showsPressed, long nowNanos) {
        synchronized (this) {
            if (showsPressed == pressed && sentAtNanos > 0) {
                inputToSeen.record((nowNanos - sentAtNanos) / 1000);
            }
        }
    }
}
