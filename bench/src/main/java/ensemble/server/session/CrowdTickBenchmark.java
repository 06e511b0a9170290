package ensemble.server.session;

import ensemble.proto.Protocol;
import ensemble.server.ServerConfig;
import ensemble.server.world.Scene;
import ensemble.v1.ClientKind;
import ensemble.v1.Hello;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.Vec3;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 * The work of one session tick with 128 participants, all moving, and 200 entities: inputs
 * applied, held entities, and 128 delta snapshots encoded within the budget — on one thread with
 * nothing else running, so it shows the tick's own cost apart from scheduling. (It lives in the
 * session package to drive {@code Session.tick()} the way the tick thread does; connections are
 * in-memory channels, so socket writes are not included.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CrowdTickBenchmark {
    static final int PEOPLE = 128;

    private Session session;
    private final List<Participant> people = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private int seq;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ServerConfig config = ServerConfig.forTests(Files.createTempDirectory("ensemble-crowd-bench"));
        SessionContext context = new SessionContext(config, new TokenSigner(config.secret(), Clock.systemUTC()),
                new SimpleMeterRegistry(), Clock.systemUTC(), () -> null);
        session = new Session("crowd", Scene.testRoom(200, PEOPLE), context);
        for (int i = 0; i < PEOPLE; i++) {
            EmbeddedChannel channel = new EmbeddedChannel();
            channels.add(channel);
            Participant[] joined = new Participant[1];
            String token = context.signer().join("crowd", session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 3600);
            session.offer(new SessionCommand.Join(channel, Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                    .setClientKind(ClientKind.CLIENT_KIND_BOT).build(), context.signer().verifyJoin(token).value(),
                    p -> joined[0] = p));
            session.tick();
            people.add(joined[0]);
        }
    }

    @Benchmark
    public int tick() {
        seq++;
        for (int i = 0; i < people.size(); i++) {
            double a = seq * 0.02 + i;
            float x = (float) (Math.cos(a) * 6);
            float z = (float) (Math.sin(a) * 6);
            people.get(i).offerInput(Input.newBuilder().setSeq(seq).setAckTick(Math.max(0, session.tick - 3))
                    .setHead(pose(x, 1.65f, z)).setLeftHand(pose(x - 0.2f, 1f, z)).setRightHand(pose(x + 0.2f, 1f, z))
                    .build());
        }
        session.tick();
        for (EmbeddedChannel channel : channels) {
            Object message;
            while ((message = channel.readOutbound()) != null) {
                ReferenceCountUtil.release(message);
            }
        }
        return session.tick;
    }

    private static Pose pose(float x, float y, float z) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(x).setY(y).setZ(z))
                .setRotation(Quat.newBuilder().setW(1)).build();
    }
}
