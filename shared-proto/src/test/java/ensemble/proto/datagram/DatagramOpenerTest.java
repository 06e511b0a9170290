package ensemble.proto.datagram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.Protocol;
import ensemble.proto.datagram.DatagramOpener.Opened;
import ensemble.proto.datagram.DatagramOpener.Result;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatagramOpenerTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramLink clientSide = DatagramLink.generate(RANDOM);
    /** The server's copy of the same link (same key and id, its own counters). */
    private final DatagramLink serverSide = new DatagramLink(clientSide.connectionId(), clientSide.keyBytes());
    private final DatagramSealer sealer = new DatagramSealer();
    private final DatagramOpener server = new DatagramOpener(DatagramKind.Direction.CLIENT_TO_SERVER,
            id -> id == serverSide.connectionId() ? serverSide : null);

    private byte[] seal(DatagramKind kind, DatagramLink link, String text) {
        ByteBuffer out = ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES);
        int n = sealer.seal(kind, link, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), out);
        return Arrays.copyOf(out.array(), n);
    }

    private static String text(Result result) {
        Opened opened = assertInstanceOf(Opened.class, result);
        byte[] bytes = new byte[opened.payload().remaining()];
        opened.payload().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aSealedDatagramOpensToItsPayloadWithItsHeader() {
        byte[] datagram = seal(DatagramKind.CLIENT_STATE, clientSide, "hello");
        assertEquals(5 + SealedDatagram.OVERHEAD_BYTES, datagram.length);
        assertEquals(DatagramKind.CLIENT_STATE.code(), datagram[0]);
        assertEquals(clientSide.connectionId(), ByteBuffer.wrap(datagram).getLong(SealedDatagram.CONNECTION_ID_OFFSET));
        assertEquals(1, ByteBuffer.wrap(datagram).getLong(SealedDatagram.SEQ_OFFSET));
        assertFalse(new String(datagram, StandardCharsets.ISO_8859_1).contains("hello"), "the payload is encrypted");
        Opened opened = assertInstanceOf(Opened.class, server.open(ByteBuffer.wrap(datagram)));
        assertEquals(1, opened.seq());
        assertTrue(opened.newest());
        assertSame(serverSide, opened.link());
        assertEquals("hello", text(opened));
    }

    @Test
    void theOpenerLeavesTheCallersBufferAsItWas() {
        byte[] datagram = seal(DatagramKind.CLIENT_STATE, clientSide, "x");
        ByteBuffer framed = ByteBuffer.allocate(datagram.length + 10).position(4);
        framed.put(datagram).flip().position(4);
        assertEquals("x", text(server.open(framed)));
        assertEquals(4, framed.position());
        assertEquals(datagram.length + 4, framed.limit());
    }

    @Test
    void aReplayedDatagramIsRefused() {
        byte[] datagram = seal(DatagramKind.CLIENT_STATE, clientSide, "move");
        assertInstanceOf(Opened.class, server.open(ByteBuffer.wrap(datagram)));
        assertEquals(Rejection.REPLAYED, server.open(ByteBuffer.wrap(datagram)));
    }

    @Test
    void reorderedDatagramsOpenOnceAndOnlyTheNewestIsNewest() {
        byte[] first = seal(DatagramKind.CLIENT_STATE, clientSide, "1");
        byte[] second = seal(DatagramKind.CLIENT_STATE, clientSide, "2");
        byte[] third = seal(DatagramKind.CLIENT_STATE, clientSide, "3");
        assertTrue(((Opened) server.open(ByteBuffer.wrap(third))).newest());
        Opened late = assertInstanceOf(Opened.class, server.open(ByteBuffer.wrap(first)));
        assertFalse(late.newest());
        assertEquals("1", text(late));
        assertFalse(((Opened) server.open(ByteBuffer.wrap(second))).newest());
        assertEquals(Rejection.REPLAYED, server.open(ByteBuffer.wrap(first)));
    }

    @Test
    void aDatagramOlderThanTheWindowIsRefused() {
        byte[] old = seal(DatagramKind.CLIENT_STATE, clientSide, "old");
        for (int i = 0; i < ReplayWindow.SIZE; i++) {
            assertInstanceOf(Opened.class, server.open(ByteBuffer.wrap(seal(DatagramKind.CLIENT_STATE, clientSide, "n"))));
        }
        assertEquals(Rejection.TOO_OLD, server.open(ByteBuffer.wrap(old)));
    }

    @Test
    void everyFlippedBitIsRefusedAndMovesNothing() {
        byte[] datagram = seal(DatagramKind.CLIENT_STATE, clientSide, "a payload of some length");
        for (int i = 0; i < datagram.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = datagram.clone();
                tampered[i] ^= (byte) (1 << bit);
                Result result = server.open(ByteBuffer.wrap(tampered));
                assertInstanceOf(Rejection.class, result, "byte " + i + " bit " + bit);
            }
        }
        assertEquals(0, serverSide.received().newest(), "no tampered datagram moved the window");
        assertInstanceOf(Opened.class, server.open(ByteBuffer.wrap(datagram)), "the original still opens");
    }

    @Test
    void aTamperedSequenceFailsTheTagRatherThanPassingAsNewer() {
        byte[] datagram = seal(DatagramKind.CLIENT_STATE, clientSide, "move");
        ByteBuffer.wrap(datagram).putLong(SealedDatagram.SEQ_OFFSET, 0x7fffffffL);
        assertEquals(Rejection.BAD_TAG, server.open(ByteBuffer.wrap(datagram)));
        assertEquals(0, serverSide.received().newest());
    }

    @Test
    void aForgeryWithTheNextSequenceDoesNotStopTheRealDatagramFromOpening() {
        byte[] real = seal(DatagramKind.CLIENT_STATE, clientSide, "real");
        byte[] forged = real.clone();
        forged[forged.length - 1] ^= 1;
        assertEquals(Rejection.BAD_TAG, server.open(ByteBuffer.wrap(forged)));
        assertEquals(Rejection.BAD_TAG, server.open(ByteBuffer.wrap(forged)), "the same forgery twice");
        assertEquals("real", text(server.open(ByteBuffer.wrap(real))));
    }

    @Test
    void aDatagramSealedWithAnotherKeyIsRefused() {
        DatagramLink thief = new DatagramLink(clientSide.connectionId(), DatagramLink.generate(RANDOM).keyBytes());
        assertEquals(Rejection.BAD_TAG, server.open(ByteBuffer.wrap(seal(DatagramKind.CLIENT_STATE, thief, "steal"))));
    }

    @Test
    void aDatagramForAnotherConnectionIdIsRefused() {
        DatagramLink other = new DatagramLink(clientSide.connectionId() + 1, clientSide.keyBytes());
        assertEquals(Rejection.UNKNOWN_CONNECTION,
                server.open(ByteBuffer.wrap(seal(DatagramKind.CLIENT_STATE, other, "hi"))));
    }

    @Test
    void aServerDatagramPlayedBackToTheServerIsRefused() {
        DatagramLink serverSending = new DatagramLink(clientSide.connectionId(), clientSide.keyBytes());
        byte[] snapshot = seal(DatagramKind.SERVER_STATE, serverSending, "snap");
        assertEquals(Rejection.WRONG_DIRECTION, server.open(ByteBuffer.wrap(snapshot)));
        snapshot[0] = (byte) DatagramKind.CLIENT_STATE.code(); // relabelled: the kind is in the AAD
        assertEquals(Rejection.BAD_TAG, server.open(ByteBuffer.wrap(snapshot)));
        DatagramOpener client = new DatagramOpener(DatagramKind.Direction.SERVER_TO_CLIENT,
                id -> id == clientSide.connectionId() ? clientSide : null);
        assertEquals("snap", text(client.open(ByteBuffer.wrap(seal(DatagramKind.SERVER_STATE, serverSending, "snap")))));
    }

    @Test
    void theTwoDirectionsNeverShareANonce() {
        DatagramLink serverSending = new DatagramLink(clientSide.connectionId(), clientSide.keyBytes());
        byte[] up = seal(DatagramKind.CLIENT_STATE, clientSide, "same");
        byte[] down = seal(DatagramKind.SERVER_STATE, serverSending, "same");
        byte[] upBody = Arrays.copyOfRange(up, SealedDatagram.HEADER_BYTES, up.length);
        byte[] downBody = Arrays.copyOfRange(down, SealedDatagram.HEADER_BYTES, down.length);
        assertNotEquals(Arrays.toString(upBody), Arrays.toString(downBody), "same key, seq and text, other keystream");
    }

    @Test
    void sizesOutsideTheFormatAndUnknownKindsAreRefused() {
        assertEquals(Rejection.TOO_SHORT, server.open(ByteBuffer.allocate(SealedDatagram.OVERHEAD_BYTES - 1)));
        assertEquals(Rejection.TOO_LONG, server.open(ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES + 1)));
        byte[] unknown = new byte[40];
        unknown[0] = 0x7f;
        assertEquals(Rejection.UNKNOWN_KIND, server.open(ByteBuffer.wrap(unknown)));
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(DatagramKind.CLIENT_STATE, clientSide,
                ByteBuffer.allocate(SealedDatagram.MAX_PAYLOAD_BYTES + 1), ByteBuffer.allocate(2000)));
    }

    @Test
    void theLargestPayloadFitsTheLargestDatagram() {
        byte[] payload = new byte[SealedDatagram.MAX_PAYLOAD_BYTES];
        RANDOM.nextBytes(payload);
        ByteBuffer out = ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES);
        assertEquals(Protocol.MAX_DATAGRAM_BYTES, sealer.seal(DatagramKind.CLIENT_STATE, clientSide, ByteBuffer.wrap(payload), out));
        Opened opened = assertInstanceOf(Opened.class, server.open(out.flip()));
        byte[] back = new byte[opened.payload().remaining()];
        opened.payload().get(back);
        assertArrayEquals(payload, back);
    }

    @Test
    void sequencesOpenInOrderAcrossTheWrapAndTheSenderStopsBeforeReusingANonce() {
        DatagramLink sender = new DatagramLink(7, clientSide.keyBytes(), -3, new ReplayWindow());
        DatagramLink receiver = new DatagramLink(7, clientSide.keyBytes(), 0, new ReplayWindow(-4));
        DatagramOpener opener = new DatagramOpener(DatagramKind.Direction.CLIENT_TO_SERVER, id -> id == 7 ? receiver : null);
        byte[] a = seal(DatagramKind.CLIENT_STATE, sender, "2^64-2");
        byte[] b = seal(DatagramKind.CLIENT_STATE, sender, "2^64-1");
        assertThrows(IllegalStateException.class, () -> seal(DatagramKind.CLIENT_STATE, sender, "wrapped"));
        assertTrue(((Opened) opener.open(ByteBuffer.wrap(b))).newest());
        assertFalse(((Opened) opener.open(ByteBuffer.wrap(a))).newest());
        assertEquals(-1, receiver.received().newest());
    }

    @Test
    void bothAeadsSealAndOpenAndRefuseAForgeryWithTheSameSequence() {
        for (Aead aead : Aead.values()) {
            DatagramLink sending = DatagramLink.generate(RANDOM);
            DatagramLink receiving = new DatagramLink(sending.connectionId(), sending.keyBytes());
            DatagramOpener opener = new DatagramOpener(DatagramKind.Direction.SERVER_TO_CLIENT, id -> receiving, aead);
            ByteBuffer out = ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES);
            new DatagramSealer(aead).seal(DatagramKind.SERVER_STATE, sending,
                    ByteBuffer.wrap("snapshot".getBytes(StandardCharsets.UTF_8)), out);
            byte[] real = Arrays.copyOf(out.array(), out.position());
            byte[] forged = real.clone();
            forged[SealedDatagram.HEADER_BYTES] ^= 1;
            assertEquals(Rejection.BAD_TAG, opener.open(ByteBuffer.wrap(forged)), aead.name());
            assertEquals("snapshot", text(opener.open(ByteBuffer.wrap(real))), aead.name());
            assertEquals(Rejection.REPLAYED, opener.open(ByteBuffer.wrap(real)), aead.name());
        }
    }

    @Test
    void aKeyOfTheWrongLengthIsABug() {
        assertThrows(IllegalArgumentException.class, () -> new DatagramLink(1, new byte[16]));
    }
}
