package ensemble.proto.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads what {@link BitWriter} wrote. Reading past the end throws {@link SnapshotFormatException},
 * so a truncated or hostile payload can never be mistaken for data.
 */
public final class BitReader {
    private static final int WINDOW_BITS = 57;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private final int offset;
    private final long limitBits;
    private long bitPosition;

    public BitReader(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("range outside the array");
        }
        this.bytes = bytes;
        this.offset = offset;
        this.limitBits = (long) length * 8;
    }

    public long bitPosition() {
        return bitPosition;
    }

    public long remainingBits() {
        return limitBits - bitPosition;
    }

    public long read(int count) {
        if (count < 0 || count > 64) {
            throw new IllegalArgumentException("bit count " + count);
        }
        if (bitPosition + count > limitBits) {
            throw new SnapshotFormatException("payload ends early: needed " + count + " more bits at bit " + bitPosition);
        }
        if (count == 0) {
            return 0;
        }
        int index = offset + (int) (bitPosition >>> 3);
        if (count <= WINDOW_BITS && index + Long.BYTES <= bytes.length) {
            // One big-endian word from the current byte holds all the bits.
            long word = (long) WORD.get(bytes, index);
            long value = (word << (bitPosition & 7)) >>> (64 - count);
            bitPosition += count;
            return value;
        }
        long value = 0;
        int remaining = count;
        while (remaining > 0) {
            int used = (int) (bitPosition & 7);
            int n = Math.min(8 - used, remaining);
            int current = bytes[offset + (int) (bitPosition >>> 3)] & 0xff;
            int chunk = (current >>> (8 - used - n)) & ((1 << n) - 1);
            value = (value << n) | chunk;
            bitPosition += n;
            remaining -= n;
        }
        return value;
    }

    public boolean readBit() {
        return read(1) != 0;
    }

    public long readUnsignedVar() {
        int zeros = 0;
        while (!readBit()) {
            if (++zeros > 62) {
                throw new SnapshotFormatException("variable-length number longer than 63 bits at bit " + bitPosition);
            }
        }
        long v = zeros == 0 ? 1 : (1L << zeros) | read(zeros);
        return v - 1;
    }
}
