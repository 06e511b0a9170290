package ensemble.proto.datagram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import ensemble.proto.Protocol;
import ensemble.proto.datagram.DatagramOpener.Opened;
import ensemble.proto.datagram.DatagramOpener.Result;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the state channel's gate: the server's {@link DatagramOpener} fed a
 * sequence of datagrams the fuzzer composes from genuine sealed ones (sent in any order, replayed,
 * with a byte changed, cut short or extended) and raw bytes, with a sender whose sequence the
 * fuzzer may start anywhere (up to the end of the 64-bit range).
 *
 * <p>What must hold: {@code open} never throws; a datagram opens only if it is byte for byte one
 * that was sealed with the key, only once, and to exactly the payload that was sealed; everything
 * else is a {@link Rejection}.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code DatagramOpenerFuzzTestInputs/};
 * {@code docs/security.md} says how to fuzz for longer.
 */
class DatagramOpenerFuzzTest {
    private static final long CONNECTION_ID = 0x5eed_1234_abcd_0001L;
    private static final byte[] KEY = new byte[DatagramLink.KEY_BYTES];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 3);
        }
    }

    private record Sealed(byte[] datagram, byte[] payload, long seq) {
    }

    /** What the holder of the key seals for the opened datagram's sequence and payload (the AEAD is deterministic). */
    private static byte[] resealed(Opened opened) {
        byte[] payload = new byte[opened.payload().remaining()];
        opened.payload().duplicate().get(payload);
        DatagramLink holder = new DatagramLink(CONNECTION_ID, KEY, opened.seq() - 1, new ReplayWindow());
        ByteBuffer out = ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES);
        int n = new DatagramSealer().seal(opened.kind(), holder, ByteBuffer.wrap(payload), out);
        return Arrays.copyOf(out.array(), n);
    }

    @FuzzTest(maxDuration = "5m")
    void onlyGenuineDatagramsOpenAndEachOnlyOnce(FuzzedDataProvider data) {
        DatagramLink sender = new DatagramLink(CONNECTION_ID, KEY, data.consumeLong(), new ReplayWindow());
        DatagramLink receiver = new DatagramLink(CONNECTION_ID, KEY);
        DatagramOpener opener = new DatagramOpener(DatagramKind.Direction.CLIENT_TO_SERVER,
                id -> id == CONNECTION_ID ? receiver : null);
        DatagramSealer sealer = new DatagramSealer();
        List<Sealed> sealed = new ArrayList<>();
        Set<Long> opened = new HashSet<>();
        int steps = data.consumeInt(1, 24);
        for (int step = 0; step < steps; step++) {
            int action = data.consumeInt(0, 4);
            if (action == 0 || sealed.isEmpty() && action != 3) {
                byte[] payload = data.consumeBytes(data.consumeInt(0, SealedDatagram.MAX_PAYLOAD_BYTES));
                ByteBuffer out = ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES);
                try {
                    int n = sealer.seal(DatagramKind.CLIENT_STATE, sender, ByteBuffer.wrap(payload), out);
                    byte[] datagram = Arrays.copyOf(out.array(), n);
                    sealed.add(new Sealed(datagram, payload, ByteBuffer.wrap(datagram).getLong(SealedDatagram.SEQ_OFFSET)));
                } catch (IllegalStateException exhausted) {
                    // the sender refuses to wrap its 64-bit sequence: nothing sealed
                }
                continue;
            }
            switch (action) {
                case 1 -> {
                    Sealed genuine = data.pickValue(sealed);
                    Result result = opener.open(ByteBuffer.wrap(genuine.datagram()));
                    if (opened.contains(genuine.seq())) {
                        assertInstanceOf(Rejection.class, result, "a replay opened");
                    } else if (result instanceof Opened o) {
                        opened.add(genuine.seq());
                        assertEquals(genuine.seq(), o.seq());
                        byte[] plain = new byte[o.payload().remaining()];
                        o.payload().get(plain);
                        assertArrayEquals(genuine.payload(), plain, "opened to another payload");
                    } else {
                        // A genuine datagram is refused only as too old for the window.
                        assertEquals(Rejection.TOO_OLD, result, "a genuine datagram refused");
                    }
                }
                case 2 -> {
                    Sealed genuine = data.pickValue(sealed);
                    byte[] changed = genuine.datagram().clone();
                    int at = data.consumeInt(0, changed.length - 1);
                    changed[at] ^= (byte) data.consumeInt(1, 255);
                    assertInstanceOf(Rejection.class, opener.open(ByteBuffer.wrap(changed)), "a tampered datagram opened");
                }
                case 3 -> {
                    byte[] raw = data.consumeBytes(data.consumeInt(0, Protocol.MAX_DATAGRAM_BYTES + 8));
                    if (opener.open(ByteBuffer.wrap(raw)) instanceof Opened o) {
                        // The key is the same in every input, so raw bytes may be a datagram sealed in
                        // an earlier one: that is a genuine datagram, new to this receiver. Anything
                        // else that opens is a forgery.
                        assertArrayEquals(resealed(o), raw, "raw bytes opened without being sealed with the key");
                        assertTrue(opened.add(o.seq()), "a replay opened");
                    }
                }
                default -> {
                    Sealed genuine = data.pickValue(sealed);
                    int length = data.consumeInt(0, genuine.datagram().length + 8);
                    if (length != genuine.datagram().length) {
                        byte[] cut = Arrays.copyOf(genuine.datagram(), length);
                        assertInstanceOf(Rejection.class, opener.open(ByteBuffer.wrap(cut)), "a resized datagram opened");
                    }
                }
            }
        }
    }
}
