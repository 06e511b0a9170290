package ensemble.client.bench;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import ensemble.client.app.ClientContext;
import ensemble.client.input.DesktopRig;
import java.util.function.Consumer;

/**
 * Flies the camera along a fixed path (a slow loop around the room at head height, rising and
 * looking down over the team halfway) and records every frame's duration once the scene is up.
 * After a warm-up of {@link #WARMUP_SECONDS} it measures for the given time, hands the result to
 * {@code done} and stops. Render thread only; attach before the camera state.
 */
public final class BenchmarkState extends BaseAppState {
    static final float WARMUP_SECONDS = 2f;

    private final ClientContext context;
    private final DesktopRig rig;
    private final float seconds;
    private final Consumer<FrameTimes> done;
    private final FrameTimes times = new FrameTimes();
    private float elapsed;
    private long lastNanos;
    private boolean finished;

    public BenchmarkState(ClientContext context, DesktopRig rig, float seconds, Consumer<FrameTimes> done) {
        this.context = context;
        this.rig = rig;
        this.seconds = seconds;
        this.done = done;
    }

    @Override
    protected void initialize(Application app) {
    }

    @Override
    protected void cleanup(Application app) {
    }

    @Override
    protected void onEnable() {
    }

    @Override
    protected void onDisable() {
    }

    /** Where the camera is at {@code s} seconds into the path: {x, y, z, yaw, pitch}. */
    public static float[] pathAt(float s) {
        double a = s * 0.25;
        float x = (float) (Math.cos(a) * 7);
        float z = (float) (Math.sin(a) * 7);
        float y = 1.65f + (float) (Math.max(0, Math.sin(a * 0.5)) * 2.0);
        // look toward the centre of the room, down a little when high
        float yaw = (float) Math.atan2(-x, -z);
        float pitch = (float) Math.atan2(y - 1.2f, 7);
        return new float[] {x, y, z, yaw, pitch};
    }

    @Override
    public void update(float tpf) {
        if (context.feed() != null) {
            context.feed().beginFrame();
        }
        float[] p = pathAt(elapsed);
        rig.placeEyes(p[0], p[1], p[2], p[3], p[4]);
        long now = System.nanoTime();
        if (elapsed >= WARMUP_SECONDS && lastNanos != 0 && !finished) {
            times.record((now - lastNanos) / 1000);
        }
        lastNanos = now;
        elapsed += tpf;
        if (!finished && elapsed >= WARMUP_SECONDS + seconds) {
            finished = true;
            done.accept(times);
        }
    }

    public FrameTimes times() {
        return times;
    }
}
