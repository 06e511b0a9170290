package ensemble.server.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.store.EventId;
import ensemble.server.store.RedisConnection;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoreSettings;
import ensemble.server.store.StoredEvent;
import ensemble.server.testing.TestClient;
import ensemble.server.testing.TestTls;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server nodes on a real Redis deployment for the tests of what must survive there:
 * {@link NodeFailoverIT} (a node killed with SIGKILL, another takes its session over),
 * {@link ClientResumeIT} (a client cut off for ten seconds resumes) and {@link RedisOutageIT}
 * (Redis stopped for ten seconds, the session never stops and the stream stays complete). Each
 * test names the {@link RedisKind} it runs on and starts it with {@link #startRedis(RedisKind)}.
 */
abstract class NodesOnRedis {
    static final Path CATALOG = Path.of("../scenarios/catalog").toAbsolutePath().normalize();
    static final String SECRET = "resilience-test-secret-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = TestTls.httpClient().build();

    @TempDir
    Path dir;
    EventLoopGroup group;

    RedisKind.RunningRedis redis;

    @BeforeEach
    void startGroup() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopGroupAndRedis() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        if (redis != null) {
            redis.close();
        }
    }

    void startRedis(RedisKind kind) {
        redis = kind.start(dir.resolve("redis"));
    }

    /** The Redis URL every node of the test uses. */
    String redisUrl() {
        return redis.url();
    }

    EnsembleServer node(String id) throws Exception {
        return EnsembleServer.start(ServerConfig.forTests(dir.resolve(id)).toBuilder()
                .redis(URI.create(redisUrl()), ServerConfig.RedisBinary.AUTO).nodeId(id).secret(SECRET)
                .scenarioDir(CATALOG).build());
    }

    static void eventually(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(25);
        }
    }

    static JsonNode api(int httpPort, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(TestTls.https(httpPort, path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static String login(int httpPort, String password) throws Exception {
        return api(httpPort, null, "POST", "/api/login",
                "{\"user\":\"facilitator\",\"password\":\"" + password + "\"}").path("token").asText();
    }

    static ServerMessage stepStarted(TestClient client, String step) throws InterruptedException {
        return client.await(m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_STEP_STARTED
                && m.getScenarioEvent().getStepId().equals(step), Duration.ofSeconds(10));
    }

    static void say(TestClient client, String text) {
        client.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText(text)).build());
    }

    /** The ids of the session's participants as Redis holds them (what a node taking over restores). */
    List<String> storedParticipants(String sessionId) {
        try (RedisConnection connection = RedisConnection.open(redisUrl())) {
            return new SessionStore(connection, StoreSettings.defaults()).sessions().participants(sessionId).stream()
                    .map(ensemble.server.store.Participant::id).toList();
        }
    }

    List<StoredEvent> stream(String sessionId) {
        try (RedisConnection connection = RedisConnection.open(redisUrl())) {
            return new SessionStore(connection, StoreSettings.defaults()).events().readAll(sessionId, EventId.NONE);
        }
    }

    static <T> T onTick(Session session, java.util.function.Function<Session, T> read) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        session.submit(s -> result.complete(read.apply(s)));
        return result.get(5, TimeUnit.SECONDS);
    }

    static String healthStatus(EnsembleServer node) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    TestTls.https(node.httpPort(), "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("status").asText();
        } catch (Exception e) {
            return "unreachable";
        }
    }
}
