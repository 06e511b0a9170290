package ensemble.proto.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes bits most-significant first into a growable byte array that is reused across
 * snapshots, so the hot path allocates nothing once warmed up. Not thread-safe.
 */
public final class BitWriter {
    /** Bits one word write can take wherever it starts in a byte. */
    private static final int WINDOW_BITS = 57;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        if (count > WINDOW_BITS) {
            write(value >>> 32, count - 32);
            write(value, 32);
            return;
        }
        if (count == 0) {
            return;
        }
        ensure(bitPosition + count);
        // OR the bits into the big-endian 64-bit word that starts at the current byte: the bytes
        // after the written bits are zero (reset and growth keep them so) and stay zero.
        int index = (int) (bitPosition >>> 3);
        int shift = 64 - (int) (bitPosition & 7) - count;
        long bits = (value & (-1L >>> (64 - count))) << shift;
        WORD.set(bytes, index, (long) WORD.get(bytes, index) | bits);
        bitPosition += count;
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
        int needed = (int) ((bits + 7) >>> 3) + Long.BYTES; // room for the whole word write() touches
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
