package ensemble.proto.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitStreamTest {
    @Test
    void valuesOfEveryWidthRoundTrip() {
        SplittableRandom random = new SplittableRandom(3);
        BitWriter writer = new BitWriter(4);
        long[] values = new long[5000];
        int[] widths = new int[5000];
        for (int i = 0; i < values.length; i++) {
            widths[i] = random.nextInt(0, 65);
            values[i] = widths[i] == 64 ? random.nextLong() : random.nextLong() & ((1L << widths[i]) - 1);
            writer.write(values[i], widths[i]);
            writer.writeUnsignedVar(i);
        }
        BitReader reader = new BitReader(writer.array(), 0, writer.byteLength());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], reader.read(widths[i]));
            assertEquals(i, reader.readUnsignedVar());
        }
    }

    @Test
    void highBitsBeyondTheCountAreIgnoredAndReadsWorkAtAnyOffset() {
        BitWriter writer = new BitWriter(1);
        for (int i = 0; i < 300; i++) {
            writer.write(-1L, 5);
            writer.write(0, 3);
            writer.write(0xABCDEF0123456789L, 40);
        }
        byte[] framed = new byte[writer.byteLength() + 3];
        System.arraycopy(writer.array(), 0, framed, 3, writer.byteLength());
        BitReader reader = new BitReader(framed, 3, writer.byteLength());
        for (int i = 0; i < 300; i++) {
            assertEquals(31, reader.read(5));
            assertEquals(0, reader.read(3));
            assertEquals(0xEF0123456789L & ((1L << 40) - 1), reader.read(40));
        }
        assertEquals(0, reader.remainingBits());
    }

    @Test
    void readingPastTheEndIsAFormatError() {
        BitReader reader = new BitReader(new byte[] {(byte) 0xff}, 0, 1);
        reader.read(6);
        assertThrows(SnapshotFormatException.class, () -> reader.read(3));
    }

    @Test
    void endlessZeroPrefixIsRejected() {
        BitReader reader = new BitReader(new byte[16], 0, 16);
        assertThrows(SnapshotFormatException.class, reader::readUnsignedVar);
    }

    @Test
    void resetClearsForReuse() {
        BitWriter writer = new BitWriter(2);
        writer.write(0xffff, 16);
        writer.reset();
        writer.write(0, 8);
        assertEquals(0, writer.array()[0]);
        assertEquals(8, writer.bitPosition());
    }
}
