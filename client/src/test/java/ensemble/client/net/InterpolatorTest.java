package ensemble.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
    private final PoseQuantizer quantizer = new PoseQuantizer(-10, 0, -10, 10, 4, 10);

    /** An avatar walking along x at 1.2 m/s, sampled as the server would at 60 Hz. */
    private Frame walker(int tick) {
        Frame frame = new Frame();
        frame.clear(tick);
        float x = -5 + 1.2f * tick / 60f;
        int slot = frame.addAvatar(3, 0);
        for (int pose = 0; pose < 3; pose++) {
            frame.setAvatarPose(slot, pose, quantizer.quantizeX(x), quantizer.quantizeY(1.65f), quantizer.quantizeZ(0),
                    PoseQuantizer.packRotation(0, 0, 0, 1));
        }
        return frame;
    }

    @Test
    void motionStaysSmoothWhenTenPercentOfSnapshotsAreLost() {
        Interpolator interpolator = new Interpolator(quantizer, 60);
        SplittableRandom random = new SplittableRandom(10);
        float[] pose = new float[7];
        float previous = Float.NaN;
        float worstStep = 0;
        int lost = 0;
        for (int tick = 1; tick <= 600; tick++) {
            long serverMs = tick * 1000L / 60;
            if (random.nextDouble() < 0.10) {
                lost++;
            } else {
                // arrival jitter of up to 8 ms
                interpolator.add(walker(tick), serverMs, serverMs + 20 + random.nextInt(8));
            }
            // the client renders at 90 Hz; sample the frames that fall in this tick
            for (double render = serverMs - 1000.0 / 60; render < serverMs; render += 1000.0 / 90) {
                double at = render - interpolator.delayMs();
                if (interpolator.sampleAvatar(3, Frame.HEAD, at, pose)) {
                    if (!Float.isNaN(previous)) {
                        worstStep = Math.max(worstStep, Math.abs(pose[0] - previous));
                    }
                    previous = pose[0];
                }
            }
        }
        assertTrue(lost > 40, "snapshots were really lost: " + lost);
        // 1.2 m/s over one 90 Hz frame is 13 mm; a hitch would show as a jump of several frames' worth.
        assertTrue(worstStep < 0.03f, "largest step between rendered frames " + worstStep + " m");
    }

    @Test
    void theDelayAdaptsToJitter() {
        Interpolator steady = new Interpolator(quantizer, 60);
        Interpolator jittery = new Interpolator(quantizer, 60);
        SplittableRandom random = new SplittableRandom(2);
        for (int tick = 1; tick <= 300; tick++) {
            long serverMs = tick * 1000L / 60;
            steady.add(walker(tick), serverMs, serverMs + 20);
            jittery.add(walker(tick), serverMs, serverMs + 20 + random.nextInt(40));
        }
        assertTrue(jittery.delayMs() > steady.delayMs() + 10, steady.delayMs() + " vs " + jittery.delayMs());
        assertTrue(steady.delayMs() >= 1000.0 / 60, "at least one snapshot interval");
    }

    @Test
    void anAvatarOutOfViewIsNotSampled() {
        Interpolator interpolator = new Interpolator(quantizer, 60);
        float[] pose = new float[7];
        assertFalse(interpolator.sampleAvatar(3, Frame.HEAD, 0, pose), "nothing before the first frame");
        interpolator.add(walker(1), 16, 30);
        assertFalse(interpolator.sampleAvatar(9, Frame.HEAD, 16, pose));
        assertTrue(interpolator.sampleAvatar(3, Frame.HEAD, 16, pose));
        assertEquals(1f, pose[6], 1e-3f);
    }
}
