package ensemble.bench.jmh;

import ensemble.proto.snapshot.BitWriter;
import ensemble.proto.snapshot.Frame;
import ensemble.proto.snapshot.SnapshotCodec;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One client's snapshot in a 128-person session: 127 other avatars, all moving, and 200 entities
 * (40 moving), encoded within the snapshot budget, so the priority accumulator chooses. This is
 * the per-client cost the tick pays 128 times at 60 Hz in the "one session holds 128 clients" target.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CrowdCodecBenchmark {
    static final int AVATARS = 127;

    private final SnapshotCodec codec = new SnapshotCodec(SnapshotCodecBenchmark.QUANTIZER);
    private final BitWriter writer = new BitWriter(2048);
    private final Frame base = new Frame();
    private final Frame current = new Frame();
    private final Frame sent = new Frame();
    private final float[] avatarPriority = new float[256];
    private final float[] entityPriority = new float[256];
    private final SnapshotCodec.Selection selection = new SnapshotCodec.Selection() {
        @Override
        public float avatarPriority(int id) {
            return avatarPriority[id] += 2f / (1 + id % 9);
        }

        @Override
        public float entityPriority(int id) {
            return entityPriority[id] += 1f / (1 + id % 13);
        }

        @Override
        public void included(boolean avatar, int id) {
            if (avatar) {
                avatarPriority[id] = 0;
            } else {
                entityPriority[id] = 0;
            }
        }
    };

    @Setup(Level.Trial)
    public void setUp() {
        fill(base, 100, 0);
        fill(current, 103, 3);
    }

    private static void fill(Frame frame, int tick, int later) {
        SplittableRandom random = new SplittableRandom(7);
        frame.clear(tick);
        for (int a = 0; a < AVATARS; a++) {
            int slot = frame.addAvatar(a + 1, 0);
            for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                float yaw = (float) random.nextDouble(-Math.PI, Math.PI) + later * 0.04f;
                frame.setAvatarPose(slot, pose, 2000 + random.nextInt(16_000) + later * 22, 900 + random.nextInt(800),
                        2000 + random.nextInt(16_000) - later * 15,
                        ensemble.proto.PoseQuantizer.packRotation(0, (float) Math.sin(yaw / 2), 0, (float) Math.cos(yaw / 2)));
            }
        }
        for (int e = 0; e < 200; e++) {
            int x = 2000 + random.nextInt(16_000) + (e % 5 == 0 ? later * 17 : 0);
            frame.addEntity(e, x, 900, 2000 + random.nextInt(16_000), 0);
        }
    }

    @Benchmark
    public int encodeBudgeted() {
        codec.encode(base, current, 1136 * 8L, selection, writer, sent);
        return writer.byteLength();
    }
}
