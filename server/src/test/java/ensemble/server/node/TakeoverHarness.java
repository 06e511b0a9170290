package ensemble.server.node;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.ScenarioDriver;
import ensemble.server.session.Session;
import ensemble.server.store.Checkpoint;
import ensemble.server.store.EventId;
import ensemble.server.store.RedisConnection;
import ensemble.server.store.RedisServerProcess;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoreSettings;
import ensemble.server.store.StoredEvent;
import ensemble.server.testing.Api;
import ensemble.server.testing.TestClient;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes on one real redis-server for the takeover tests: a node in a JVM of its own
 * ({@link NodeProcess}) and one in this JVM, the {@code takeover-scenarios} catalogue, and what
 * the tests read back from Redis.
 */
abstract class TakeoverHarness {
    static final Path SCENARIOS = Path.of("src/test/resources/takeover-scenarios").toAbsolutePath();
    static final String SECRET = "takeover-test-secret-of-32-bytes!";

    @TempDir
    Path dir;
    RedisServerProcess redis;
    EventLoopGroup group;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start(dir.resolve("redis"));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        redis.close();
    }

    EnsembleServer inProcessNode(String id) throws Exception {
        return EnsembleServer.start(ServerConfig.forTests(dir.resolve(id)).toBuilder()
                .redis(URI.create(redis.url()), ServerConfig.RedisBinary.AUTO).nodeId(id).secret(SECRET)
                .scenarioDir(SCENARIOS).build());
    }

    /** A node in a JVM of its own, up; its console password is the tests' one, so {@link Api} works. */
    NodeProcess processNode(String id) throws InterruptedException {
        return NodeProcess.start(id, redis.url(), SECRET, SCENARIOS, dir, ServerConfig.TEST_CONSOLE_PASSWORD).awaitUp(60);
    }

    // --- helpers ---------------------------------------------------------------------------------

    static String startDrill(NodeProcess node) throws Exception {
        JsonNode created = Api.postJson(node.httpPort(), "/api/sessions", "{\"scenario\":\"timed-drill\"}");
        String id = created.path("id").asText();
        Api.postJson(node.httpPort(), "/api/sessions/" + id + "/start", "{}");
        return id;
    }

    /** A trainee of the session on node A whose Welcome names node B as an alternate. */
    static TestClient joinKnowingOf(EventLoopGroup group, NodeProcess nodeA, String sessionId, EnsembleServer nodeB)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String token = Api.postJson(nodeA.httpPort(), "/api/sessions/" + sessionId + "/tokens", "{\"role\":\"trainee\"}")
                    .path("token").asText();
            TestClient client = new TestClient(group, TestClient.options(nodeA.controlPort(), token, "Tess"));
            client.awaitWelcome();
            if (client.connection().welcome().getAlternatesList().stream()
                    .anyMatch(a -> a.endsWith(":" + nodeB.controlPort()))) {
                return client;
            }
            client.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node A never named node B as an alternate");
            }
            Thread.sleep(200); // node A learns of node B on its next heartbeat
        }
    }

    static void say(TestClient client, String text) {
        client.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText(text)).build());
    }

    List<StoredEvent> stream(String sessionId) {
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            return new SessionStore(connection, StoreSettings.defaults()).events().readAll(sessionId, EventId.NONE);
        }
    }

    SessionRecord record(String sessionId) {
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            return new SessionStore(connection, StoreSettings.defaults()).sessions().get(sessionId).orElseThrow();
        }
    }

    String host(String sessionId) {
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            return new SessionStore(connection, StoreSettings.defaults()).directory().host(sessionId).orElse("");
        }
    }

    /** The checkpoint in Redis now (node B may already have saved a newer one: then it is at least as new). */
    Checkpoint checkpointBefore(String sessionId, List<StoredEvent> events) {
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            Optional<Checkpoint> checkpoint = new SessionStore(connection, StoreSettings.defaults()).checkpoints()
                    .latest(sessionId);
            return checkpoint.orElseThrow();
        }
    }

    static long count(List<StoredEvent> events, String type) {
        return events.stream().filter(e -> e.event().type().equals(type)).count();
    }

    static List<String> types(List<StoredEvent> events) {
        return events.stream().map(e -> e.event().type()).toList();
    }

    static int awards(JsonNode node, String criterion) {
        int found = node.isObject() && node.has("atMs") && criterion.equals(node.path("criterion").asText()) ? 1 : 0;
        for (JsonNode child : node) {
            found += awards(child, criterion);
        }
        return found;
    }

    static long scenarioMillis(Session session) {
        try {
            return onTick(session, s -> ((ScenarioDriver) s.scenario()).runtime().elapsedMillis());
        } catch (Exception e) {
            return 0;
        }
    }

    static <T> T onTick(Session session, Function<Session, T> read) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        session.submit(s -> result.complete(read.apply(s)));
        return result.get(5, TimeUnit.SECONDS);
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet (a record not written, a node not up)
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(25);
        }
    }
}
