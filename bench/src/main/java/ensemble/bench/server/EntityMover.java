package ensemble.bench.server;

import ensemble.server.session.Session;
import ensemble.server.world.Entity;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves a fixed share of a session's entities every tick, as a physics step or a scripted
 * animation would: each chosen entity circles its start point (radius 0.4 m, about 1 m/s) and
 * spins about the vertical axis. Entities a participant holds are left to the holder's hand.
 *
 * <p>Runs on the session's tick thread (through {@link Session#submit}); positions are a
 * function of the tick number, so two runs in one tick move nothing twice and a missed run only
 * delays the next step. {@link #moves()} may be read from any thread.
 */
final class EntityMover implements Consumer<Session> {
    private static final float RADIUS_M = 0.4f;
    private static final float RADIANS_PER_SECOND = 2.5f;

    private final Session session;
    private final float fraction;
    private float[][] origins;
    private int lastTick = -1;
    private volatile long moves;

    EntityMover(Session session, float fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be 0..1, was " + fraction);
        }
        this.session = session;
        this.fraction = fraction;
    }

    Session session() {
        return session;
    }

    long moves() {
        return moves;
    }

    @Override
    public void accept(Session s) {
        int tick = s.tickNumber();
        if (tick == lastTick) {
            return;
        }
        lastTick = tick;
        List<Entity> entities = s.entityList();
        int count = Math.round(entities.size() * fraction);
        if (origins == null) {
            origins = new float[count][];
        }
        // Spread the moving ones over the room: every (size / count)-th entity.
        double stride = count == 0 ? 1 : entities.size() / (double) count;
        float seconds = tick / (float) s.context().config().tickRate();
        long moved = 0;
        for (int k = 0; k < count; k++) {
            Entity e = entities.get((int) (k * stride));
            if (origins[k] == null) {
                origins[k] = e.position.clone();
            }
            if (e.holder() >= 0) {
                continue;
            }
            float angle = seconds * RADIANS_PER_SECOND + k;
            e.moveTo(origins[k][0] + RADIUS_M * (float) Math.cos(angle), origins[k][1],
                    origins[k][2] + RADIUS_M * (float) Math.sin(angle));
            e.rotation[0] = 0;
            e.rotation[1] = (float) Math.sin(angle / 2);
            e.rotation[2] = 0;
            e.rotation[3] = (float) Math.cos(angle / 2);
            moved++;
        }
        moves += moved;
    }
}
