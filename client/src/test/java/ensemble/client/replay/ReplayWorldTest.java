package ensemble.client.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.AvatarPose;
import ensemble.v1.Bounds;
import ensemble.v1.EntityPose;
import ensemble.v1.PoseFrame;
import ensemble.v1.RecordingEntry;
import ensemble.v1.RecordingHeader;
import ensemble.v1.RoleInfo;
import ensemble.v1.SceneLayout;
import ensemble.v1.Vec3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A recording file played back: scene, interpolated poses, pause and seek. */
class ReplayWorldTest {
    private static final long IDENTITY = PoseQuantizer.packRotation(0, 0, 0, 1);

    /** A two-frame recording: Ada walks 1 m along x in one second; a box stands still. */
    static byte[] recording() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            RecordingEntry.newBuilder().setHeader(RecordingHeader.newBuilder().setFormat("ensemble-recording/1")
                    .setSessionId("s-1").setTitle("Fire drill").setTickRate(60).setFrameTicks(6)
                    .setLayout(SceneLayout.newBuilder()
                            .setBounds(Bounds.newBuilder().setMin(vec(-10, 0, -10)).setMax(vec(10, 4, 10)))
                            .addRoles(RoleInfo.newBuilder().setId("warden").setColor("#ff8800"))))
                    .build().writeDelimitedTo(out);
            for (int i = 0; i < 2; i++) {
                int x = 10_000 + i * 1000; // mm from bounds.min: x = 0 m, then 1 m
                RecordingEntry.newBuilder().setFrame(PoseFrame.newBuilder().setTick(60 * i).setWallMs(1000L * i)
                        .setState("running").setStepId(i == 0 ? "discover" : "evacuate")
                        .addAvatars(AvatarPose.newBuilder().setParticipantId("p-ada").setIndex(2).setDisplayName("Ada")
                                .setRole("warden").setConnected(true)
                                .addPositionMm(x).addPositionMm(1650).addPositionMm(10_000)
                                .addPositionMm(x - 250).addPositionMm(1000).addPositionMm(10_000)
                                .addPositionMm(x + 250).addPositionMm(1000).addPositionMm(10_000)
                                .addRotation(IDENTITY).addRotation(IDENTITY).addRotation(IDENTITY))
                        .addEntities(EntityPose.newBuilder().setIndex(0).setPresent(true)
                                .addPositionMm(12_000).addPositionMm(500).addPositionMm(10_000).setRotation(IDENTITY)))
                        .build().writeDelimitedTo(out);
            }
        }
        return bytes.toByteArray();
    }

    static Vec3 vec(float x, float y, float z) {
        return Vec3.newBuilder().setX(x).setY(y).setZ(z).build();
    }

    @Test
    void posesAreInterpolatedBetweenRecordedFrames() throws IOException {
        AtomicLong clock = new AtomicLong(5_000);
        ReplayWorld world = new ReplayWorld(RecordingReader.read(recording()), clock::get);
        assertEquals(1, world.status().getParticipantsCount());
        assertEquals("#ff8800", world.status().getParticipants(0).getColor());
        float[] pose = new float[7];

        clock.addAndGet(500);
        world.beginFrame();
        assertTrue(world.avatar(2, Frame.HEAD, pose));
        assertEquals(0.5f, pose[0], 1e-3f, "halfway between 0 m and 1 m");
        assertEquals(1.65f, pose[1], 1e-3f);
        assertTrue(world.entity(0, pose));
        assertEquals(2f, pose[0], 1e-3f);
        assertFalse(world.avatar(7, Frame.HEAD, pose), "nobody with that index");
        assertEquals("discover", world.step());

        clock.addAndGet(2_000);
        world.beginFrame();
        assertTrue(world.avatar(2, Frame.HEAD, pose));
        assertEquals(1f, pose[0], 1e-3f, "the end holds the last frame");
        assertEquals("evacuate", world.step());
    }

    @Test
    void pauseHoldsAndSeekJumps() throws IOException {
        AtomicLong clock = new AtomicLong(0);
        ReplayWorld world = new ReplayWorld(RecordingReader.read(recording()), clock::get);
        clock.set(250);
        world.togglePause();
        clock.set(900);
        assertEquals(250, world.positionMs(), "paused");
        world.togglePause();
        clock.set(1000);
        assertEquals(350, world.positionMs(), "plays on from where it paused");
        world.seek(0);
        assertEquals(0, world.positionMs());
        world.seek(99_000);
        assertEquals(1000, world.positionMs(), "seeks are clamped to the recording");
    }

    @Test
    void aFileThatIsNotARecordingIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertThrows(IOException.class, () -> RecordingReader.read(bytes.toByteArray()));
        assertThrows(IOException.class, () -> RecordingReader.read(new byte[] {9, 9, 9}));
    }
}
