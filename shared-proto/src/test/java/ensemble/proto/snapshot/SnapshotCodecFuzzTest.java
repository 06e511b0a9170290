package ensemble.proto.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import ensemble.proto.PoseQuantizer;

/**
 * Coverage-guided fuzzing of the snapshot codec, the one binary format a client decodes from
 * the network without protobuf's help.
 *
 * <p>What must hold: decoding any payload against any base either gives a frame whose objects
 * ascend by id and lie inside the scene bounds, or throws {@link SnapshotFormatException}, and
 * nothing else; and whatever frames the fuzzer builds, what the encoder sends decodes to exactly
 * the frame the encoder says the client holds.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code SnapshotCodecFuzzTestInputs/};
 * {@code docs/security.md} says how to fuzz for longer.
 */
class SnapshotCodecFuzzTest {
    /** A 20 m × 4 m × 20 m room: 15, 12 and 15 bits per axis. */
    private static final PoseQuantizer QUANTIZER = new PoseQuantizer(-10, 0, -10, 10, 4, 10);
    private static final int[] AXIS_BITS = {QUANTIZER.bitsX(), QUANTIZER.bitsY(), QUANTIZER.bitsZ()};

    private final SnapshotCodec encoder = new SnapshotCodec(QUANTIZER);
    private final SnapshotCodec decoder = new SnapshotCodec(QUANTIZER);

    @FuzzTest(maxDuration = "5m")
    void decodingAnyPayloadGivesAValidFrameOrAFormatError(FuzzedDataProvider data) {
        Frame base = frame(data, 1);
        byte[] payload = data.consumeRemainingAsBytes();
        Frame out = new Frame();
        try {
            decoder.decode(payload, 0, payload.length, base, 2, out);
        } catch (SnapshotFormatException expected) {
            return;
        }
        assertValid(out);
    }

    @FuzzTest(maxDuration = "5m")
    void whatIsSentDecodesToWhatTheEncoderRecorded(FuzzedDataProvider data) {
        Frame base = frame(data, 1);
        Frame current = frame(data, 2);
        long budgetBits = data.consumeLong(0, 1 << 16);
        BitWriter out = new BitWriter(64);
        Frame sent = new Frame();
        encoder.encode(base, current, budgetBits, new PriorityById(), out, sent);
        Frame decoded = new Frame();
        decoder.decode(out.array(), 0, out.byteLength(), base, 2, decoded);
        assertTrue(decoded.sameContent(sent), "the client would hold another frame than the server recorded");
        assertValid(decoded);
    }

    /** A frame of up to 12 avatars and 24 entities with ascending ids, inside the bounds. */
    private static Frame frame(FuzzedDataProvider data, int tick) {
        Frame frame = new Frame();
        frame.clear(tick);
        int id = -1;
        int avatars = data.consumeInt(0, 12);
        for (int i = 0; i < avatars; i++) {
            id += 1 + data.consumeInt(0, 300);
            int slot = frame.addAvatar(id, data.consumeInt(0, 255));
            for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                frame.setAvatarPose(slot, pose, axis(data, 0), axis(data, 1), axis(data, 2), rotation(data));
            }
        }
        id = -1;
        int entities = data.consumeInt(0, 24);
        for (int i = 0; i < entities; i++) {
            id += 1 + data.consumeInt(0, 300);
            frame.addEntity(id, axis(data, 0), axis(data, 1), axis(data, 2), rotation(data));
        }
        return frame;
    }

    private static int axis(FuzzedDataProvider data, int axis) {
        return data.consumeInt(0, (1 << AXIS_BITS[axis]) - 1);
    }

    private static long rotation(FuzzedDataProvider data) {
        return data.consumeLong(0, (1L << PoseQuantizer.ROTATION_BITS) - 1);
    }

    private static void assertValid(Frame frame) {
        for (int i = 0; i < frame.avatarCount(); i++) {
            assertTrue(i == 0 || frame.avatarId(i) > frame.avatarId(i - 1), "avatar ids ascend");
            for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                for (int axis = 0; axis < 3; axis++) {
                    assertInside(frame.avatarPosition(i, pose, axis), axis);
                }
            }
        }
        for (int i = 0; i < frame.entityCount(); i++) {
            assertTrue(i == 0 || frame.entityId(i) > frame.entityId(i - 1), "entity ids ascend");
            for (int axis = 0; axis < 3; axis++) {
                assertInside(frame.entityPosition(i, axis), axis);
            }
        }
    }

    private static void assertInside(int value, int axis) {
        assertTrue(value >= 0 && value < 1 << AXIS_BITS[axis], "position outside the bounds: " + value);
    }

    /** Lower ids first, so that a small budget leaves some updates out. */
    private static final class PriorityById implements SnapshotCodec.Selection {
        @Override
        public float avatarPriority(int id) {
            return 1f / (1 + id);
        }

        @Override
        public float entityPriority(int id) {
            return 1f / (2 + id);
        }

        @Override
        public void included(boolean avatar, int id) {
        }
    }
}
