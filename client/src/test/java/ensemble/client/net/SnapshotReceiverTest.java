package ensemble.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.BitWriter;
import ensemble.proto.snapshot.Frame;
import ensemble.proto.snapshot.SnapshotCodec;
import ensemble.v1.Snapshot;
import org.junit.jupiter.api.Test;

class SnapshotReceiverTest {
    private final PoseQuantizer quantizer = new PoseQuantizer(-10, 0, -10, 10, 4, 10);
    private final SnapshotCodec server = new SnapshotCodec(quantizer);
    private final BitWriter writer = new BitWriter(256);

    private Snapshot encode(Frame base, int baseTick, Frame current) {
        server.encode(base, current, Long.MAX_VALUE, null, writer, new Frame());
        return Snapshot.newBuilder().setTick(current.tick()).setBaseTick(baseTick)
                .setPayload(ByteString.copyFrom(writer.array(), 0, writer.byteLength())).build();
    }

    private static Frame world(int tick, int x) {
        Frame frame = new Frame();
        frame.clear(tick);
        frame.addEntity(0, x, 100, 100, 0);
        return frame;
    }

    @Test
    void acknowledgesTheNewestDecodedAndIgnoresLateOrUnknownBases() {
        SnapshotReceiver receiver = new SnapshotReceiver(quantizer);
        Frame empty = new Frame();
        empty.clear(0);
        assertNotNull(receiver.accept(encode(empty, 0, world(5, 1000))));
        assertEquals(5, receiver.ackTick());
        assertNotNull(receiver.accept(encode(world(5, 1000), 5, world(7, 1200))));
        assertEquals(7, receiver.ackTick());
        assertNull(receiver.accept(encode(world(5, 1000), 5, world(6, 1100))), "older than what we have");
        assertNull(receiver.accept(encode(world(40, 9), 40, world(41, 10))), "base never received");
        assertEquals(1, receiver.rejectedCount());
        assertEquals(7, receiver.ackTick());
    }

    @Test
    void aCorruptPayloadIsRejectedNotThrown() {
        SnapshotReceiver receiver = new SnapshotReceiver(quantizer);
        assertNull(receiver.accept(Snapshot.newBuilder().setTick(3).setBaseTick(0)
                .setPayload(ByteString.copyFrom(new byte[] {(byte) 0x01, 0, 0})).build()));
        assertEquals(1, receiver.rejectedCount());
    }
}
