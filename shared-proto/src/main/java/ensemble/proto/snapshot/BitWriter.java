package ensemble.proto.snapshot;

import java.util.Arrays;

/**
 * Writes bits most-significant first into a growable byte array that is reused across
 * snapshots, so the hot path allocates nothing once warmed up. Not thread-safe.
 */
public final class BitWriter {
    private byte[] bytes;
    private long bitPosition;

    public BitWriter(int initialBytes) {
        bytes = new byte[Math.max(16, initialBytes)];
    }

    public void reset() {
        Arrays.fill(bytes, 0, (int) Math.min(bytes.length, (bitPosition + 7) >>> 3), (byte) 0);
        bitPosition = 0;
    }

    /** Number of bits written so far. */
    public long bitPosition() {
        return bitPosition;
    }

    /** Number of whole bytes needed for what was written. */
    public int byteLength() {
        return (int) ((bitPosition + 7) >>> 3);
    }

    /** The backing array; only the first {@link #byteLength()} bytes are meaningful. */
    public byte[] array() {
        return bytes;
    }

    /** Writes the low {@code count} bits of {@code value} (0..64). */
    public void write(long value, int count) {
        if (count < 0 || count > 64) {
            throw new IllegalArgumentException("bit count " + count);
        }
        ensure(bitPosition + count);
        int remaining = count;
        while (remaining > 0) {
            int free = 8 - (int) (bitPosition & 7);
            int n = Math.min(free, remaining);
            int chunk = (int) ((value >>> (remaining - n)) & ((1 << n) - 1));
            bytes[(int) (bitPosition >>> 3)] |= (byte) (chunk << (free - n));
            bitPosition += n;
            remaining -= n;
        }
    }

    public void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /** Elias-gamma code of {@code value + 1}: small non-negative numbers take few bits. */
    public void writeUnsignedVar(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        long v = value + 1;
        int bits = 64 - Long.numberOfLeadingZeros(v);
        write(0, bits - 1);
        write(v, bits);
    }

    private void ensure(long bits) {
        int needed = (int) ((bits + 7) >>> 3);
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
