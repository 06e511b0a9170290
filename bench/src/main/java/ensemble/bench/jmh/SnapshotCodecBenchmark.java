package ensemble.bench.jmh;

import ensemble.proto.PoseQuantizer;
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
 * The snapshot codec on a W1-like frame: 7 other avatars (all moving) and 200 entities of which
 * 40 moved, delta-encoded against the frame three ticks earlier (a typical acknowledgement lag),
 * and a full (no base) encode for a joining client. One snapshot per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnapshotCodecBenchmark {
    static final PoseQuantizer QUANTIZER = new PoseQuantizer(-10, 0, -10, 10, 4, 10);
    static final int AVATARS = 7;
    static final int ENTITIES = 200;
    static final int MOVING = 40;

    private final SnapshotCodec codec = new SnapshotCodec(QUANTIZER);
    private final BitWriter writer = new BitWriter(2048);
    private final Frame base = new Frame();
    private final Frame current = new Frame();
    private final Frame empty = new Frame();
    private final Frame sent = new Frame();
    private final Frame decoded = new Frame();
    private byte[] payload;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        fill(base, 100, random, 0);
        fill(current, 103, new SplittableRandom(42), 3);
        empty.clear(0);
        codec.encode(base, current, Long.MAX_VALUE, null, writer, sent);
        payload = java.util.Arrays.copyOf(writer.array(), writer.byteLength());
    }

    /** A world at {@code tick}; {@code ticksLater} moves avatars and the moving entities that far along. */
    static void fill(Frame frame, int tick, SplittableRandom random, int ticksLater) {
        frame.clear(tick);
        for (int a = 0; a < AVATARS; a++) {
            int slot = frame.addAvatar(a + 1, 0);
            for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                int x = 2000 + random.nextInt(16_000) + ticksLater * 22;
                int y = 900 + random.nextInt(800);
                int z = 2000 + random.nextInt(16_000) - ticksLater * 15;
                float yaw = (float) random.nextDouble(-Math.PI, Math.PI) + ticksLater * 0.04f;
                frame.setAvatarPose(slot, pose, x, y, z,
                        PoseQuantizer.packRotation(0, (float) Math.sin(yaw / 2), 0, (float) Math.cos(yaw / 2)));
            }
        }
        for (int e = 0; e < ENTITIES; e++) {
            int x = 2000 + random.nextInt(16_000);
            int z = 2000 + random.nextInt(16_000);
            float yaw = (float) random.nextDouble(-Math.PI, Math.PI);
            if (e % (ENTITIES / MOVING) == 0) {
                x += ticksLater * 17;
                z -= ticksLater * 9;
                yaw += ticksLater * 0.04f;
            }
            frame.addEntity(e, x, 900, z, PoseQuantizer.packRotation(0, (float) Math.sin(yaw / 2), 0, (float) Math.cos(yaw / 2)));
        }
    }

    @Benchmark
    public int encodeDelta() {
        codec.encode(base, current, 1136 * 8L, null, writer, sent);
        return writer.byteLength();
    }

    @Benchmark
    public int encodeFull() {
        codec.encode(empty, current, Long.MAX_VALUE, null, writer, sent);
        return writer.byteLength();
    }

    @Benchmark
    public int decodeDelta() {
        codec.decode(payload, 0, payload.length, base, 103, decoded);
        return decoded.entityCount();
    }
}
