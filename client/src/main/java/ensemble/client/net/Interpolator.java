package ensemble.client.net;

import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import java.util.ArrayDeque;

/**
 * Smooth motion from snapshots: keeps recent frames stamped with server time and samples the
 * world at {@code serverNow - delay}, interpolating positions linearly and rotations by
 * normalised lerp. The delay adapts to the jitter of arrivals: about one snapshot interval plus
 * three times the measured jitter, so late packets rarely leave us without a frame after the
 * render time. Not thread-safe: feed and sample on one thread (the render thread enqueues).
 */
public final class Interpolator {
    static final int KEEP = 32;
    static final double MIN_DELAY_MS = 10;
    static final double MAX_DELAY_MS = 300;

    private record Stamped(long serverTimeMs, Frame frame) {
    }

    private final PoseQuantizer quantizer;
    private final double intervalMs;
    private final ArrayDeque<Stamped> frames = new ArrayDeque<>();
    private final ArrayDeque<Frame> spare = new ArrayDeque<>();
    private double jitterMs;
    private double lastTransitMs = Double.NaN;
    private final float[] rotA = new float[4];
    private final float[] rotB = new float[4];

    public Interpolator(PoseQuantizer quantizer, int snapshotRate) {
        this.quantizer = quantizer;
        this.intervalMs = 1000.0 / snapshotRate;
    }

    /** Adds a decoded frame received at {@code localArrivalMs} (local clock), copied. */
    public void add(Frame frame, long serverTimeMs, long localArrivalMs) {
        double transit = localArrivalMs - serverTimeMs;
        if (!Double.isNaN(lastTransitMs)) {
            jitterMs += (Math.abs(transit - lastTransitMs) - jitterMs) / 16.0;
        }
        lastTransitMs = transit;
        if (!frames.isEmpty() && serverTimeMs <= frames.peekLast().serverTimeMs) {
            return;
        }
        Frame copy = spare.isEmpty() ? new Frame() : spare.pop();
        copy.copyFrom(frame);
        frames.addLast(new Stamped(serverTimeMs, copy));
        while (frames.size() > KEEP) {
            spare.push(frames.pollFirst().frame);
        }
    }

    /** How far behind the server's present we render, in milliseconds. */
    public double delayMs() {
        return Math.max(MIN_DELAY_MS, Math.min(MAX_DELAY_MS, intervalMs + 3 * jitterMs + 2));
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    /**
     * Samples avatar {@code id}'s pose {@code pose} (head/left/right) at server time {@code timeMs}
     * into {@code out} = {x, y, z, qx, qy, qz, qw}. False when the avatar is not in view.
     */
    public boolean sampleAvatar(int id, int pose, double timeMs, float[] out) {
        Stamped[] pair = bracket(timeMs);
        if (pair == null) {
            return false;
        }
        Frame a = pair[0].frame;
        Frame b = pair[1].frame;
        int sa = a.findAvatar(id);
        int sb = b.findAvatar(id);
        if (sb < 0) {
            return false;
        }
        if (sa < 0) {
            sa = sb;
            a = b;
        }
        float t = fraction(pair, timeMs);
        out[0] = lerp(quantizer.dequantizeX(a.avatarPosition(sa, pose, 0)), quantizer.dequantizeX(b.avatarPosition(sb, pose, 0)), t);
        out[1] = lerp(quantizer.dequantizeY(a.avatarPosition(sa, pose, 1)), quantizer.dequantizeY(b.avatarPosition(sb, pose, 1)), t);
        out[2] = lerp(quantizer.dequantizeZ(a.avatarPosition(sa, pose, 2)), quantizer.dequantizeZ(b.avatarPosition(sb, pose, 2)), t);
        blendRotation(a.avatarRotation(sa, pose), b.avatarRotation(sb, pose), t, out);
        return true;
    }

    /** Samples entity {@code id} like {@link #sampleAvatar}. */
    public boolean sampleEntity(int id, double timeMs, float[] out) {
        Stamped[] pair = bracket(timeMs);
        if (pair == null) {
            return false;
        }
        Frame a = pair[0].frame;
        Frame b = pair[1].frame;
        int sa = a.findEntity(id);
        int sb = b.findEntity(id);
        if (sb < 0) {
            return false;
        }
        if (sa < 0) {
            sa = sb;
            a = b;
        }
        float t = fraction(pair, timeMs);
        out[0] = lerp(quantizer.dequantizeX(a.entityPosition(sa, 0)), quantizer.dequantizeX(b.entityPosition(sb, 0)), t);
        out[1] = lerp(quantizer.dequantizeY(a.entityPosition(sa, 1)), quantizer.dequantizeY(b.entityPosition(sb, 1)), t);
        out[2] = lerp(quantizer.dequantizeZ(a.entityPosition(sa, 2)), quantizer.dequantizeZ(b.entityPosition(sb, 2)), t);
        blendRotation(a.entityRotation(sa), b.entityRotation(sb), t, out);
        return true;
    }

    /** Avatar flags (buttons) in the newest frame at or before {@code timeMs}. */
    public int avatarFlags(int id, double timeMs) {
        Stamped[] pair = bracket(timeMs);
        if (pair == null) {
            return 0;
        }
        int slot = pair[1].frame.findAvatar(id);
        return slot < 0 ? 0 : pair[1].frame.avatarFlags(slot);
    }

    /** The newest frame (for listing who and what is in view), or null. */
    public Frame newest() {
        return frames.isEmpty() ? null : frames.peekLast().frame;
    }

    private Stamped[] bracket(double timeMs) {
        if (frames.isEmpty()) {
            return null;
        }
        Stamped previous = null;
        for (Stamped s : frames) {
            if (s.serverTimeMs >= timeMs) {
                return new Stamped[] {previous != null ? previous : s, s};
            }
            previous = s;
        }
        Stamped last = frames.peekLast();
        return new Stamped[] {last, last}; // render time is past the newest frame: hold it
    }

    private static float fraction(Stamped[] pair, double timeMs) {
        long span = pair[1].serverTimeMs - pair[0].serverTimeMs;
        if (span <= 0) {
            return 1f;
        }
        return (float) Math.max(0, Math.min(1, (timeMs - pair[0].serverTimeMs) / span));
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private void blendRotation(long a, long b, float t, float[] out) {
        blendRotation(a, b, t, rotA, rotB, out);
    }

    /**
     * Writes the normalised lerp between packed rotations {@code a} and {@code b} at {@code t}
     * into {@code out[3..6]}, taking the shorter way round; {@code rotA}/{@code rotB} are scratch.
     */
    public static void blendRotation(long a, long b, float t, float[] rotA, float[] rotB, float[] out) {
        PoseQuantizer.unpackRotation(a, rotA);
        PoseQuantizer.unpackRotation(b, rotB);
        float dot = rotA[0] * rotB[0] + rotA[1] * rotB[1] + rotA[2] * rotB[2] + rotA[3] * rotB[3];
        float sign = dot < 0 ? -1f : 1f;
        double len = 0;
        for (int i = 0; i < 4; i++) {
            out[3 + i] = lerp(rotA[i], sign * rotB[i], t);
            len += out[3 + i] * out[3 + i];
        }
        len = Math.sqrt(len);
        for (int i = 0; i < 4; i++) {
            out[3 + i] = (float) (out[3 + i] / len);
        }
    }
}
