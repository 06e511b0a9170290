package ensemble.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.UnknownFieldSet;
import ensemble.bench.baseline.NaiveEncoder;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.EntityInfo;
import ensemble.v1.Input;
import org.junit.jupiter.api.Test;

class NaiveEncoderTest {
    @Test
    void sizeMatchesTheRealProtobufBytesAndTheyParse() throws Exception {
        PoseQuantizer q = new PoseQuantizer(-10, 0, -10, 10, 4, 10);
        Frame frame = new Frame();
        frame.clear(77);
        int slot = frame.addAvatar(0, 2);
        for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
            frame.setAvatarPose(slot, pose, 10_000 + pose, 1650, 9_000, PoseQuantizer.packRotation(0, 0.38f, 0, 0.92f));
        }
        frame.addEntity(0, 10_000, 900, 10_000, PoseQuantizer.packRotation(0, 0, 0, 1));
        frame.addEntity(5, 0, 0, 0, PoseQuantizer.packRotation(0.5f, 0.5f, 0.5f, 0.5f));
        byte[] bytes = NaiveEncoder.encode(frame, q, 77);
        assertEquals(bytes.length, NaiveEncoder.size(frame, q, 77));
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytes);
        assertEquals(1, fields.getField(2).getLengthDelimitedList().size());
        assertEquals(2, fields.getField(3).getLengthDelimitedList().size());
        Input avatar = Input.parseFrom(fields.getField(2).getLengthDelimitedList().get(0));
        assertEquals(0.0f, avatar.getHead().getPosition().getX(), 0.001f);
        EntityInfo second = EntityInfo.parseFrom(fields.getField(3).getLengthDelimitedList().get(1));
        assertEquals(5, second.getIndex());
        assertTrue(second.getPose().hasRotation());
    }
}
