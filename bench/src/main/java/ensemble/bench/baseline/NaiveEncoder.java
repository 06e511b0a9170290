package ensemble.bench.baseline;

import com.google.protobuf.CodedOutputStream;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.EntityInfo;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.Vec3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Baseline (a) of the benchmark: what a straightforward encoder would send — the whole world as
 * plain protobuf floats, every tick, to every client (no quantisation, no delta). Its message,
 * built only from the protocol's own types:
 * <pre>
 * NaiveSnapshot {
 *   uint32 tick = 1;
 *   repeated Input avatars = 2;        // seq = participant index, head/left_hand/right_hand, buttons
 *   repeated EntityInfo entities = 3;  // index and pose only
 * }
 * </pre>
 * {@link #size} computes its exact protobuf size without building it (the benchmark sizes every
 * tenth frame each client decodes); {@link #encode} builds the real bytes, and a test checks that the
 * two agree. Floats that are exactly zero are omitted, as proto3 does.
 */
public final class NaiveEncoder {
    private NaiveEncoder() {
    }

    /** Size in bytes of the naive message for {@code frame} (positions and rotations dequantised). */
    public static int size(Frame frame, PoseQuantizer q, int tick) {
        float[] rot = new float[4];
        int total = tick == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(tick);
        for (int slot = 0; slot < frame.avatarCount(); slot++) {
            int id = frame.avatarId(slot);
            int len = id == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(id);
            for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                PoseQuantizer.unpackRotation(frame.avatarRotation(slot, pose), rot);
                len += nested(poseSize(q.dequantizeX(frame.avatarPosition(slot, pose, 0)),
                        q.dequantizeY(frame.avatarPosition(slot, pose, 1)),
                        q.dequantizeZ(frame.avatarPosition(slot, pose, 2)), rot));
            }
            int buttons = frame.avatarFlags(slot);
            len += buttons == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(buttons);
            total += nested(len);
        }
        for (int slot = 0; slot < frame.entityCount(); slot++) {
            int id = frame.entityId(slot);
            PoseQuantizer.unpackRotation(frame.entityRotation(slot), rot);
            int len = id == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(id);
            len += nested(poseSize(q.dequantizeX(frame.entityPosition(slot, 0)),
                    q.dequantizeY(frame.entityPosition(slot, 1)), q.dequantizeZ(frame.entityPosition(slot, 2)), rot));
            total += nested(len);
        }
        return total;
    }

    /** The naive message's bytes (for tests and inspection; allocates). */
    public static byte[] encode(Frame frame, PoseQuantizer q, int tick) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            if (tick != 0) {
                out.writeUInt32(1, tick);
            }
            float[] rot = new float[4];
            for (int slot = 0; slot < frame.avatarCount(); slot++) {
                Input.Builder avatar = Input.newBuilder().setSeq(frame.avatarId(slot)).setButtons(frame.avatarFlags(slot));
                Pose[] poses = new Pose[Frame.POSES_PER_AVATAR];
                for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                    PoseQuantizer.unpackRotation(frame.avatarRotation(slot, pose), rot);
                    poses[pose] = pose(q.dequantizeX(frame.avatarPosition(slot, pose, 0)),
                            q.dequantizeY(frame.avatarPosition(slot, pose, 1)),
                            q.dequantizeZ(frame.avatarPosition(slot, pose, 2)), rot);
                }
                out.writeMessage(2, avatar.setHead(poses[Frame.HEAD]).setLeftHand(poses[Frame.LEFT_HAND])
                        .setRightHand(poses[Frame.RIGHT_HAND]).build());
            }
            for (int slot = 0; slot < frame.entityCount(); slot++) {
                PoseQuantizer.unpackRotation(frame.entityRotation(slot), rot);
                out.writeMessage(3, EntityInfo.newBuilder().setIndex(frame.entityId(slot))
                        .setPose(pose(q.dequantizeX(frame.entityPosition(slot, 0)),
                                q.dequantizeY(frame.entityPosition(slot, 1)),
                                q.dequantizeZ(frame.entityPosition(slot, 2)), rot)).build());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    private static Pose pose(float x, float y, float z, float[] rot) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(x).setY(y).setZ(z))
                .setRotation(Quat.newBuilder().setX(rot[0]).setY(rot[1]).setZ(rot[2]).setW(rot[3])).build();
    }

    /** A pose whose position and rotation are always set (present even when all zero). */
    private static int poseSize(float x, float y, float z, float[] rot) {
        int position = floatSize(x) + floatSize(y) + floatSize(z);
        int rotation = floatSize(rot[0]) + floatSize(rot[1]) + floatSize(rot[2]) + floatSize(rot[3]);
        return nested(position) + nested(rotation);
    }

    private static int floatSize(float value) {
        return Float.floatToRawIntBits(value) == 0 ? 0 : 5;
    }

    /** Tag (field numbers here are all below 16) + length + body of an embedded message. */
    private static int nested(int bodyBytes) {
        return 1 + CodedOutputStream.computeUInt32SizeNoTag(bodyBytes) + bodyBytes;
    }
}
