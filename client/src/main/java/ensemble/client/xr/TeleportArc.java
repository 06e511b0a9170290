package ensemble.client.xr;

/**
 * The teleport arc: a thrown point's path from the hand under gravity, sampled until it meets the
 * floor (y = 0) or runs out of steps. The target is valid when it lands inside the scene's bounds.
 * Pure Java; render thread only.
 */
public final class TeleportArc {
    /** Launch speed (m/s), gravity (m/s²), sample step (s) and number of samples. */
    static final float SPEED = 7f;
    static final float GRAVITY = 9.81f;
    static final float STEP = 0.04f;
    public static final int MAX_POINTS = 64;

    private final float[] points = new float[MAX_POINTS * 3];
    private int count;
    private boolean valid;
    private float targetX;
    private float targetZ;
    private float minX = Float.NEGATIVE_INFINITY;
    private float minZ = Float.NEGATIVE_INFINITY;
    private float maxX = Float.POSITIVE_INFINITY;
    private float maxZ = Float.POSITIVE_INFINITY;

    /** Where the person may land, metres, with a margin of 0.2 m. */
    public void setBounds(float x0, float z0, float x1, float z1) {
        minX = x0 + 0.2f;
        minZ = z0 + 0.2f;
        maxX = x1 - 0.2f;
        maxZ = z1 - 0.2f;
    }

    /** Samples the arc from {@code origin} along unit {@code direction}. */
    public void cast(float[] origin, float[] direction) {
        count = 0;
        valid = false;
        float x = origin[0];
        float y = origin[1];
        float z = origin[2];
        float vx = direction[0] * SPEED;
        float vy = direction[1] * SPEED;
        float vz = direction[2] * SPEED;
        for (int i = 0; i < MAX_POINTS; i++) {
            points[count * 3] = x;
            points[count * 3 + 1] = y;
            points[count * 3 + 2] = z;
            count++;
            float ny = y + vy * STEP - 0.5f * GRAVITY * STEP * STEP;
            if (ny <= 0) {
                float t = y / (y - ny); // share of this step before the floor
                targetX = x + vx * STEP * t;
                targetZ = z + vz * STEP * t;
                if (count < MAX_POINTS) {
                    points[count * 3] = targetX;
                    points[count * 3 + 1] = 0;
                    points[count * 3 + 2] = targetZ;
                    count++;
                }
                valid = targetX >= minX && targetX <= maxX && targetZ >= minZ && targetZ <= maxZ;
                return;
            }
            x += vx * STEP;
            z += vz * STEP;
            y = ny;
            vy -= GRAVITY * STEP;
        }
    }

    public void clear() {
        count = 0;
        valid = false;
    }

    /** Sampled points, x y z each, {@link #count()} of them. */
    public float[] points() {
        return points;
    }

    public int count() {
        return count;
    }

    public boolean valid() {
        return valid;
    }

    public float targetX() {
        return targetX;
    }

    public float targetZ() {
        return targetZ;
    }
}
