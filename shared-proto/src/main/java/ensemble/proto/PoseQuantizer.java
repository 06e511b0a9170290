package ensemble.proto;

/**
 * Quantises poses for the state channel.
 *
 * <p>Positions become whole millimetres measured from the minimum corner of the scene bounds, so
 * each axis needs only as many bits as the scene is long ({@link #bitsX()} etc.); values outside
 * the bounds are clamped to them. The error is at most 0.5 mm inside the bounds.
 *
 * <p>Rotations use "smallest three": of a unit quaternion's four components the largest in
 * magnitude is dropped (it is recovered from the unit length), the sign is chosen so the dropped
 * one is positive (q and -q are the same rotation), and the other three, each within
 * [-1/sqrt 2, 1/sqrt 2], are stored in {@link #ROTATION_COMPONENT_BITS} bits each, with two bits
 * naming the dropped component. The angular error is below 0.1 degree (tested).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PoseQuantizer {
    /** Bits per stored quaternion component. */
    public static final int ROTATION_COMPONENT_BITS = 12;

    /** Total bits of a packed rotation: two for the index, three components. */
    public static final int ROTATION_BITS = 2 + 3 * ROTATION_COMPONENT_BITS;

    private static final int COMPONENT_MAX = (1 << ROTATION_COMPONENT_BITS) - 1;
    private static final double COMPONENT_RANGE = 1.0 / Math.sqrt(2.0);

    private final float minX;
    private final float minY;
    private final float minZ;
    private final int maxMmX;
    private final int maxMmY;
    private final int maxMmZ;
    private final int bitsX;
    private final int bitsY;
    private final int bitsZ;

    /**
     * @param min minimum corner of the scene bounds in metres (x, y, z)
     * @param max maximum corner of the scene bounds in metres (x, y, z)
     */
    public PoseQuantizer(float minX, float minY, float minZ, float maxX, float maxY, float maxZ) {
        if (!(maxX > minX && maxY > minY && maxZ > minZ)) {
            throw new IllegalArgumentException("scene bounds must have positive size on every axis");
        }
        double longest = Math.max(maxX - minX, Math.max(maxY - minY, maxZ - minZ));
        if (longest > 2_000_000) {
            throw new IllegalArgumentException("scene bounds larger than 2 km cannot be quantised to mm in 31 bits");
        }
        this.minX = minX;
        this.minY = minY;
        this.minZ = minZ;
        this.maxMmX = (int) Math.ceil((maxX - (double) minX) * 1000.0);
        this.maxMmY = (int) Math.ceil((maxY - (double) minY) * 1000.0);
        this.maxMmZ = (int) Math.ceil((maxZ - (double) minZ) * 1000.0);
        this.bitsX = bitsFor(maxMmX);
        this.bitsY = bitsFor(maxMmY);
        this.bitsZ = bitsFor(maxMmZ);
    }

    static int bitsFor(int maxValue) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(maxValue));
    }

    public int bitsX() {
        return bitsX;
    }

    public int bitsY() {
        return bitsY;
    }

    public int bitsZ() {
        return bitsZ;
    }

    /** Millimetres from the minimum corner on the x axis, clamped to the bounds. */
    public int quantizeX(float metres) {
        return quantize(metres, minX, maxMmX);
    }

    public int quantizeY(float metres) {
        return quantize(metres, minY, maxMmY);
    }

    public int quantizeZ(float metres) {
        return quantize(metres, minZ, maxMmZ);
    }

    public float dequantizeX(int mm) {
        return (float) (minX + mm / 1000.0);
    }

    public float dequantizeY(int mm) {
        return (float) (minY + mm / 1000.0);
    }

    public float dequantizeZ(int mm) {
        return (float) (minZ + mm / 1000.0);
    }

    private static int quantize(float metres, float min, int maxMm) {
        if (Float.isNaN(metres)) {
            return 0;
        }
        long mm = Math.round((metres - (double) min) * 1000.0);
        return (int) Math.max(0, Math.min(maxMm, mm));
    }

    /**
     * Packs a rotation into the low {@link #ROTATION_BITS} bits of a long. The quaternion need not
     * be exactly unit length; it is normalised first. A zero or non-finite quaternion packs as the
     * identity.
     */
    public static long packRotation(float x, float y, float z, float w) {
        double len = Math.sqrt((double) x * x + (double) y * y + (double) z * z + (double) w * w);
        if (!(len > 1e-9) || !Double.isFinite(len)) {
            x = 0;
            y = 0;
            z = 0;
            w = 1;
            len = 1;
        }
        double[] q = {x / len, y / len, z / len, w / len};
        int largest = 0;
        for (int i = 1; i < 4; i++) {
            if (Math.abs(q[i]) > Math.abs(q[largest])) {
                largest = i;
            }
        }
        double sign = q[largest] < 0 ? -1.0 : 1.0;
        long packed = largest;
        for (int i = 0; i < 4; i++) {
            if (i == largest) {
                continue;
            }
            double c = sign * q[i];
            long code = Math.round((c + COMPONENT_RANGE) / (2 * COMPONENT_RANGE) * COMPONENT_MAX);
            code = Math.max(0, Math.min(COMPONENT_MAX, code));
            packed = (packed << ROTATION_COMPONENT_BITS) | code;
        }
        return packed;
    }

    /** Unpacks a rotation into {@code out} as (x, y, z, w), unit length. */
    public static void unpackRotation(long packed, float[] out) {
        int largest = (int) ((packed >>> (3 * ROTATION_COMPONENT_BITS)) & 3);
        double[] q = new double[4];
        double sumSquares = 0;
        int shift = 2 * ROTATION_COMPONENT_BITS;
        for (int i = 0; i < 4; i++) {
            if (i == largest) {
                continue;
            }
            long code = (packed >>> shift) & COMPONENT_MAX;
            shift -= ROTATION_COMPONENT_BITS;
            double c = code / (double) COMPONENT_MAX * 2 * COMPONENT_RANGE - COMPONENT_RANGE;
            q[i] = c;
            sumSquares += c * c;
        }
        q[largest] = Math.sqrt(Math.max(0.0, 1.0 - sumSquares));
        double len = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        for (int i = 0; i < 4; i++) {
            out[i] = (float) (q[i] / len);
        }
    }
}
