package ensemble.server.world;

/**
 * Quaternion arithmetic on float arrays {x, y, z, w}, allocation-free (results go into an
 * output array), for the tick's hot path.
 */
public final class Rotations {
    private Rotations() {
    }

    /** out = a * b (apply b, then a). {@code out} may alias neither input. */
    public static void multiply(float[] a, float[] b, float[] out) {
        out[0] = a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1];
        out[1] = a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0];
        out[2] = a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3];
        out[3] = a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2];
    }

    /** out = conjugate of q (the inverse of a unit quaternion). */
    public static void conjugate(float[] q, float[] out) {
        out[0] = -q[0];
        out[1] = -q[1];
        out[2] = -q[2];
        out[3] = q[3];
    }

    /** Rotates vector v (x, y, z) by unit quaternion q into out. {@code out} may alias {@code v}. */
    public static void rotate(float[] q, float vx, float vy, float vz, float[] out) {
        // t = 2 * cross(q.xyz, v); v' = v + w * t + cross(q.xyz, t)
        float tx = 2 * (q[1] * vz - q[2] * vy);
        float ty = 2 * (q[2] * vx - q[0] * vz);
        float tz = 2 * (q[0] * vy - q[1] * vx);
        out[0] = vx + q[3] * tx + (q[1] * tz - q[2] * ty);
        out[1] = vy + q[3] * ty + (q[2] * tx - q[0] * tz);
        out[2] = vz + q[3] * tz + (q[0] * ty - q[1] * tx);
    }

    /** Normalises q in place; a zero or non-finite quaternion becomes the identity. */
    public static void normalize(float[] q) {
        double len = Math.sqrt((double) q[0] * q[0] + (double) q[1] * q[1] + (double) q[2] * q[2] + (double) q[3] * q[3]);
        if (!(len > 1e-6) || !Double.isFinite(len)) {
            q[0] = 0;
            q[1] = 0;
            q[2] = 0;
            q[3] = 1;
            return;
        }
        for (int i = 0; i < 4; i++) {
            q[i] = (float) (q[i] / len);
        }
    }
}
