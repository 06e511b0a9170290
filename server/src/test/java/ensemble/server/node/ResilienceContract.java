package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.EventLog;
import ensemble.server.session.Session;
import ensemble.server.store.EventId;
import ensemble.server.store.RedisConnection;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoreSettings;
import ensemble.server.store.StoredEvent;
import ensemble.server.testing.CuttableProxy;
import ensemble.server.testing.TestClient;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What must survive in a deployment on Redis, run against each kind of Redis: a node killed with
 * SIGKILL (another node takes its session over), a client cut off for ten seconds (it resumes), and
 * Redis itself stopped for ten seconds (the session never stops and the stream stays complete).
 */
abstract class ResilienceContract {
    static final Path CATALOG = Path.of("../scenarios/catalog").toAbsolutePath().normalize();
    static final String SECRET = "resilience-test-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    EventLoopGroup group;

    /** The Redis URL every node of the test uses. */
    abstract String redisUrl();

    /** Stops every Redis process (data kept on disk). */
    abstract void stopRedis();

    /** Starts them again on the same ports and data. */
    abstract void startRedis();

    @BeforeEach
    void startGroup() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    EnsembleServer node(String id) throws Exception {
        return EnsembleServer.start(ServerConfig.forTests(dir.resolve(id)).toBuilder()
                .redis(URI.create(redisUrl()), ServerConfig.RedisBinary.AUTO).nodeId(id).secret(SECRET)
                .scenarioDir(CATALOG).build());
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
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

    @Test
    void whenTheOwnerNodeIsKilledAnotherTakesTheSessionOverWithinFiveSeconds() throws Exception {
        int controlA = freePort();
        int httpA = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process nodeA = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "ensemble.server.cli.Main",
                "serve", "--bind", "127.0.0.1", "--port", Integer.toString(controlA), "--http-port", Integer.toString(httpA),
                "--redis", redisUrl(), "--node-id", "node-a", "--secret", SECRET, "--scenarios", CATALOG.toString(),
                "--data-dir", dir.resolve("a").toString(), "--console-password", "a-console-password")
                .redirectErrorStream(true).redirectOutput(dir.resolve("node-a.log").toFile()).start();
        try (EnsembleServer nodeB = node("node-b")) {
            eventually("node A answers", 30, () -> {
                try {
                    return api(httpA, null, "GET", "/healthz", null).path("status").asText().equals("up");
                } catch (Exception | AssertionError e) {
                    return false;
                }
            });
            Thread.sleep(2000); // both nodes have announced themselves, so A's clients learn of B
            String token = login(httpA, "a-console-password");
            JsonNode created = api(httpA, token, "POST", "/api/sessions", "{\"scenario\":\"office-fire-evacuation\"}");
            String sessionId = created.path("id").asText();
            String wardenToken = created.path("joinTokens").path("warden").asText();
            String employeeToken = created.path("joinTokens").path("employee").asText();
            api(httpA, token, "POST", "/api/sessions/" + sessionId + "/start", "{}");
            try (TestClient warden = new TestClient(group, TestClient.options(controlA, wardenToken, "Wanda"));
                 TestClient employee = new TestClient(group, TestClient.options(controlA, employeeToken, "Emil"))) {
                String wardenId = warden.awaitWelcome().getParticipantId();
                String employeeId = employee.awaitWelcome().getParticipantId();
                assertTrue(warden.connection().welcome().getAlternatesList().stream()
                        .anyMatch(a -> a.endsWith(":" + nodeB.controlPort())), "clients learn of node B");
                stepStarted(warden, "discover");
                say(employee, "Fire! By the printer!");
                stepStarted(warden, "evacuate");
                say(warden, "Everyone out, use stairwell A");
                Thread.sleep(500); // the chat line is acknowledged by Redis
                List<StoredEvent> before = stream(sessionId);
                assertTrue(before.stream().anyMatch(e -> e.event().type().equals("score")), "the score is in the stream");

                long killedAt = System.nanoTime();
                nodeA.destroyForcibly(); // SIGKILL
                nodeA.waitFor(10, TimeUnit.SECONDS);

                eventually("node B hosts the session", 5, () -> nodeB.sessions().find(sessionId) != null);
                eventually("both clients are back", 5, () -> warden.connection().isConnected()
                        && employee.connection().isConnected());
                double seconds = (System.nanoTime() - killedAt) / 1e9;
                assertTrue(seconds <= 5.5, "failover took " + seconds + " s");
                assertEquals(wardenId, warden.connection().welcome().getParticipantId());
                assertEquals(employeeId, employee.connection().welcome().getParticipantId());
                assertTrue(warden.connection().welcome().getResumed());
                stepStarted(warden, "evacuate");

                Session session = nodeB.sessions().find(sessionId);
                assertEquals("evacuate", onTick(session, s -> s.scenario().currentStep()));
                int employeeScore = onTick(session, s -> s.participantList().stream()
                        .filter(p -> p.id().equals(employeeId)).findFirst().orElseThrow().score());
                assertEquals(10, employeeScore, "the score survives the failover");

                List<StoredEvent> after = stream(sessionId);
                assertTrue(after.size() >= before.size());
                assertEquals(before, after.subList(0, before.size()), "every acknowledged event is intact, in order");
                say(warden, "Stairwell A is clear");
                eventually("new events continue the same stream", 5, () -> stream(sessionId).stream()
                        .anyMatch(e -> e.event().data().getOrDefault("text", "").equals("Stairwell A is clear")));
                List<StoredEvent> finalStream = stream(sessionId);
                for (int i = 1; i < finalStream.size(); i++) {
                    assertTrue(finalStream.get(i).id().compareTo(finalStream.get(i - 1).id()) > 0, "ids ascend, no duplicates");
                }
            }
        } finally {
            nodeA.destroyForcibly();
        }
    }

    @Test
    void aClientCutOffForTenSecondsResumesWithItsIdAndScore() throws Exception {
        try (EnsembleServer node = node("node-r");
             CuttableProxy proxy = new CuttableProxy(node.controlPort())) {
            Session session = node.sessions().create(ensemble.server.scenario.SceneBuilder.from(
                    node.scenarios().find("office-fire-evacuation").orElseThrow()), null, true);
            var signer = node.sessions().context().signer();
            try (TestClient warden = new TestClient(group, TestClient.options(proxy.port(),
                    signer.join(session.id(), "warden", ensemble.server.session.TokenSigner.Kind.PARTICIPANT, 600), "Wanda"))) {
                String id = warden.awaitWelcome().getParticipantId();
                stepStarted(warden, "discover");
                say(warden, "Fire!");
                warden.await(m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_SCORE,
                        Duration.ofSeconds(5));

                proxy.cut();
                eventually("the client notices", 5, () -> !warden.connection().isConnected());
                Thread.sleep(10_000);
                assertFalse(warden.connection().isConnected(), "still cut off after ten seconds");
                proxy.restore();
                eventually("the client resumes", 10, () -> warden.connection().isConnected());
                assertEquals(id, warden.connection().welcome().getParticipantId());
                assertTrue(warden.connection().welcome().getResumed());
                assertEquals(10, (int) onTick(session, s -> s.participantList().stream()
                        .filter(p -> p.id().equals(id)).findFirst().orElseThrow().score()));
            }
        }
    }

    @Test
    void whenRedisStopsForTenSecondsTheSessionGoesOnAndTheStreamStaysComplete() throws Exception {
        try (EnsembleServer node = node("node-o")) {
            Session session = node.sessions().create(ensemble.server.scenario.SceneBuilder.from(
                    node.scenarios().find("office-fire-evacuation").orElseThrow()), null, true);
            var signer = node.sessions().context().signer();
            try (TestClient warden = new TestClient(group, TestClient.options(node.controlPort(),
                    signer.join(session.id(), "warden", ensemble.server.session.TokenSigner.Kind.PARTICIPANT, 600), "Wanda"))) {
                warden.awaitWelcome();
                stepStarted(warden, "discover");
                say(warden, "line 0");
                Thread.sleep(300);

                stopRedis();
                long stoppedAt = System.nanoTime();
                int sent = 1;
                int tickBefore = warden.newestTick();
                boolean sawDegraded = false;
                while (System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(10)) {
                    say(warden, "line " + sent++);
                    Thread.sleep(600);
                    sawDegraded |= healthStatus(node).equals("degraded");
                }
                assertTrue(sawDegraded, "health says degraded while Redis is away");
                assertTrue(warden.newestTick() > tickBefore + 300, "the session kept running and sending snapshots");
                assertTrue(warden.connection().isConnected());
                startRedis();

                eventually("the buffered events reach Redis", 20, () -> {
                    try {
                        return stream(session.id()).size() >= onTick(session, s -> s.events().since(0).size());
                    } catch (Exception e) {
                        return false;
                    }
                });
                List<EventLog.Event> inMemory = onTick(session, s -> s.events().since(0));
                List<StoredEvent> stored = stream(session.id());
                assertEquals(inMemory.size(), stored.size(), "every event, no duplicates");
                List<String> chatLines = new ArrayList<>();
                for (int i = 0; i < stored.size(); i++) {
                    assertEquals(inMemory.get(i).type(), stored.get(i).event().type(), "same order at " + i);
                    assertEquals(inMemory.get(i).tick(), stored.get(i).event().tick(), "same order at " + i);
                    if (stored.get(i).event().type().equals("chat")) {
                        chatLines.add(stored.get(i).event().data().get("text"));
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < sent; i++) {
                    expected.add("line " + i);
                }
                assertEquals(expected.subList(0, chatLines.size()), chatLines, "chat lines in order");
                assertNotNull(session);
                eventually("health is up again", 10, () -> healthStatus(node).equals("up"));
            }
        }
    }

    static String healthStatus(EnsembleServer node) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.httpPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("status").asText();
        } catch (Exception e) {
            return "unreachable";
        }
    }
}
