package ensemble.server.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A snapshot of a session's world, opaque to the store (protobuf bytes). Restoring a session is
 * this checkpoint plus every event after {@code lastEvent}.
 *
 * @param tick          session tick the world is at
 * @param lastEvent     the last event whose effect the world includes
 * @param savedAtMillis epoch milliseconds
 * @param world         serialised world, at most {@link #MAX_WORLD_BYTES}
 */
public record Checkpoint(long tick, EventId lastEvent, long savedAtMillis, byte[] world) {

    /** Largest world accepted: far above a scenario's state, far below Redis's 512 MB value limit. */
    public static final int MAX_WORLD_BYTES = 16 * 1024 * 1024;

    public Checkpoint {
        if (tick < 0) {
            throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        }
        Objects.requireNonNull(lastEvent, "lastEvent");
        Objects.requireNonNull(world, "world");
        if (world.length > MAX_WORLD_BYTES) {
            throw new IllegalArgumentException("world is " + world.length + " bytes, at most " + MAX_WORLD_BYTES);
        }
    }

    // A record compares arrays by reference; a checkpoint is equal to another with the same bytes.
    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && tick == c.tick && savedAtMillis == c.savedAtMillis
                && lastEvent.equals(c.lastEvent) && Arrays.equals(world, c.world);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tick, lastEvent, savedAtMillis, Arrays.hashCode(world));
    }

    @Override
    public String toString() {
        return "Checkpoint[tick=" + tick + ", lastEvent=" + lastEvent + ", savedAtMillis=" + savedAtMillis
                + ", world=" + world.length + " bytes]";
    }
}
