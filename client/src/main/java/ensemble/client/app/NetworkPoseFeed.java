package ensemble.client.app;

import ensemble.client.net.Interpolator;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;

/**
 * Poses from the server's snapshots, interpolated at {@code serverNow - delay}. Owns its own
 * {@link Interpolator} on the render thread: the connection's event loop copies each decoded frame
 * and hands the copy here through {@code app.enqueue}, so nothing is shared between threads.
 *
 * <p>Threads: render thread only.
 */
public final class NetworkPoseFeed implements PoseFeed {
    private final Interpolator interpolator;
    private long clockOffsetMs;
    private double renderTimeMs;
    private long frames;

    public NetworkPoseFeed(PoseQuantizer quantizer, int snapshotRate) {
        this.interpolator = new Interpolator(quantizer, Math.max(1, snapshotRate));
    }

    /**
     * Adds a frame (a copy the caller gives away) that arrived at {@code localArrivalMs}, when the
     * server clock was {@code clockOffsetMs} ahead of ours.
     */
    public void add(Frame frame, long serverTimeMs, long localArrivalMs, long clockOffsetMs) {
        this.clockOffsetMs = clockOffsetMs;
        interpolator.add(frame, serverTimeMs, localArrivalMs + clockOffsetMs);
        frames++;
    }

    @Override
    public void beginFrame() {
        renderTimeMs = System.currentTimeMillis() + clockOffsetMs - interpolator.delayMs();
    }

    @Override
    public boolean avatar(int index, int pose, float[] out) {
        return interpolator.sampleAvatar(index, pose, renderTimeMs, out);
    }

    @Override
    public int avatarFlags(int index) {
        return interpolator.avatarFlags(index, renderTimeMs);
    }

    @Override
    public boolean entity(int index, float[] out) {
        return interpolator.sampleEntity(index, renderTimeMs, out);
    }

    @Override
    public boolean ready() {
        return !interpolator.isEmpty();
    }

    public long framesReceived() {
        return frames;
    }

    public double delayMs() {
        return interpolator.delayMs();
    }
}
