package ensemble.server.sync;

import ensemble.proto.Transport;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.TokenSigner;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One real server per test class and a client event loop group, with a box room to join. */
abstract class OneServer {
    @TempDir
    static Path dataDir;
    static EnsembleServer server;
    static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir));
        group = Transport.best().newGroup(2);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        server.close();
    }

    /** A small room with one grabbable box half a metre in front of the spawn point. */
    static Scene boxRoom() {
        return new Scene("box-room", "1", "Box room", -10, 0, -10, 10, 4, 10,
                List.of(new Scene.Role("trainee", "Trainee", 0, 8, "#3080ff", new Point(0, 0, 0))),
                List.of(new Scene.EntitySpec("box", "box", null, new Point(0, 0.9f, 0.6f), null,
                        new Point(0.3f, 0.3f, 0.3f), "#c08040", true, true, "Box", "idle")));
    }

    static String token(Session session) {
        return server.sessions().context().signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 600);
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 10 s: " + what);
    }
}
