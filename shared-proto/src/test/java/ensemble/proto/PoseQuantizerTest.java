package ensemble.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoseQuantizerTest {
    private final PoseQuantizer quantizer = new PoseQuantizer(-20f, -1f, -30f, 20f, 5f, 30f);

    @Test
    void positionsRoundTripWithinHalfAMillimetre() {
        SplittableRandom random = new SplittableRandom(7);
        double worst = 0;
        for (int i = 0; i < 100_000; i++) {
            float x = (float) random.nextDouble(-20, 20);
            float y = (float) random.nextDouble(-1, 5);
            float z = (float) random.nextDouble(-30, 30);
            worst = Math.max(worst, Math.abs(quantizer.dequantizeX(quantizer.quantizeX(x)) - x));
            worst = Math.max(worst, Math.abs(quantizer.dequantizeY(quantizer.quantizeY(y)) - y));
            worst = Math.max(worst, Math.abs(quantizer.dequantizeZ(quantizer.quantizeZ(z)) - z));
        }
        assertTrue(worst <= 0.0005 + 1e-5, "worst position error " + worst + " m");
    }

    @Test
    void bitsPerAxisFollowTheSceneSize() {
        assertEquals(16, quantizer.bitsX()); // 40 000 mm
        assertEquals(13, quantizer.bitsY()); // 6 000 mm
        assertEquals(16, quantizer.bitsZ()); // 60 000 mm < 2^16
        assertEquals(17, new PoseQuantizer(0, 0, 0, 70, 1, 1).bitsX()); // 70 000 mm
    }

    @Test
    void positionsOutsideTheBoundsAreClamped() {
        assertEquals(0, quantizer.quantizeX(-1000f));
        assertEquals(40_000, quantizer.quantizeX(1e9f));
        assertEquals(0, quantizer.quantizeY(Float.NaN));
        assertEquals(60_000, quantizer.quantizeZ(Float.POSITIVE_INFINITY));
        assertTrue(quantizer.quantizeX(Float.NEGATIVE_INFINITY) == 0);
    }

    @Test
    void emptyBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PoseQuantizer(0, 0, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PoseQuantizer(0, 0, 0, 1, Float.NaN, 1));
    }

    @Test
    void rotationsRoundTripWithinATenthOfADegree() {
        SplittableRandom random = new SplittableRandom(11);
        float[] out = new float[4];
        double worstDegrees = 0;
        for (int i = 0; i < 200_000; i++) {
            double[] q = randomUnitQuaternion(random);
            long packed = PoseQuantizer.packRotation((float) q[0], (float) q[1], (float) q[2], (float) q[3]);
            assertTrue(packed >>> PoseQuantizer.ROTATION_BITS == 0, "packed rotation fits its bit budget");
            PoseQuantizer.unpackRotation(packed, out);
            worstDegrees = Math.max(worstDegrees, angleBetween(q, out));
        }
        assertTrue(worstDegrees < 0.1, "worst rotation error " + worstDegrees + " degrees");
    }

    @Test
    void edgeRotationsRoundTrip() {
        float[] out = new float[4];
        float h = (float) Math.sqrt(0.5);
        float[][] cases = {
            {0, 0, 0, 1}, {0, 0, 0, -1}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0},
            {h, h, 0, 0}, {0.5f, 0.5f, 0.5f, 0.5f}, {-0.5f, 0.5f, -0.5f, 0.5f}, {h, 0, 0, -h},
        };
        for (float[] c : cases) {
            PoseQuantizer.unpackRotation(PoseQuantizer.packRotation(c[0], c[1], c[2], c[3]), out);
            double deg = angleBetween(new double[] {c[0], c[1], c[2], c[3]}, out);
            assertTrue(deg < 0.1, "rotation " + java.util.Arrays.toString(c) + " off by " + deg);
        }
    }

    @Test
    void degenerateQuaternionsPackAsIdentity() {
        float[] out = new float[4];
        PoseQuantizer.unpackRotation(PoseQuantizer.packRotation(0, 0, 0, 0), out);
        assertEquals(1f, Math.abs(out[3]), 1e-6f);
        PoseQuantizer.unpackRotation(PoseQuantizer.packRotation(Float.NaN, 0, 0, 1), out);
        assertEquals(1f, Math.abs(out[3]), 1e-6f);
    }

    private static double[] randomUnitQuaternion(SplittableRandom random) {
        double[] q = new double[4];
        double len;
        do {
            for (int i = 0; i < 4; i++) {
                q[i] = random.nextDouble(-1, 1);
            }
            len = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        } while (len < 1e-3 || len > 1);
        for (int i = 0; i < 4; i++) {
            q[i] /= len;
        }
        return q;
    }

    /** Rotation angle between two unit quaternions, in degrees (q and -q are equal). */
    static double angleBetween(double[] a, float[] b) {
        double dot = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
        return Math.toDegrees(2 * Math.acos(Math.min(1.0, dot)));
    }
}
