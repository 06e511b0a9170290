package ensemble.bench.jmh;

import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.SessionCheckpoints;
import ensemble.server.session.SessionContext;
import ensemble.server.session.TokenSigner;
import ensemble.server.store.EmbeddedRedis;
import ensemble.server.store.EventId;
import ensemble.server.store.EventRecord;
import ensemble.server.store.RedisConnection;
import ensemble.server.store.SessionJournal;
import ensemble.server.store.StoreSettings;
import ensemble.server.store.StoreWriter;
import ensemble.server.store.WriteOutcome;
import ensemble.server.world.Scene;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What persistence adds to a session's tick, against a real (embedded) redis-server: handing one
 * event to the store writer (what every grab, chat line or score costs the tick thread), and
 * capturing a world checkpoint of a W1-sized scene (200 entities; every 5 s and at step changes).
 * Redis round trips happen on the writer's thread and are not part of these figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoreCostBenchmark {
    private static final Consumer<WriteOutcome> IGNORE = outcome -> { };

    private Path dir;
    private EmbeddedRedis redis;
    private RedisConnection connection;
    private StoreWriter writer;
    private SessionJournal journal;
    private Session session;
    private long tick;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("ensemble-store-bench");
        redis = EmbeddedRedis.start(dir, ServerConfig.RedisBinary.AUTO);
        connection = RedisConnection.open(redis.url().toString());
        // A buffer large enough that the measured path is the normal hand-off, not the overflow refusal.
        writer = new StoreWriter(connection, "bench", StoreSettings.defaults().withMaxBufferedWrites(5_000_000),
                new SimpleMeterRegistry());
        journal = writer.journal("bench-session", EventId.NONE, Runnable::run);
        ServerConfig config = ServerConfig.forTests(dir);
        session = new Session("bench-session", Scene.testRoom(200, 8),
                new SessionContext(config, new TokenSigner(config.secret(), Clock.systemUTC()), new SimpleMeterRegistry(),
                        Clock.systemUTC(), () -> null));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        writer.close();
        connection.close();
        redis.close();
    }

    /** One event handed to the writer, as the tick does for every grab, chat line or score. */
    @Benchmark
    public Object appendEvent() {
        return journal.append(new EventRecord("chat", ++tick, System.currentTimeMillis(), "p-bench",
                Map.of("text", "Stairwell A is clear")), IGNORE);
    }

    /** A world checkpoint of a 200-entity scene, serialised to bytes. */
    @Benchmark
    public byte[] captureCheckpoint() {
        return SessionCheckpoints.capture(session).toByteArray();
    }
}
