package ensemble.server.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.scenario.SceneBuilder;
import ensemble.server.session.Session;
import ensemble.server.session.TokenSigner;
import ensemble.server.testing.Api;
import ensemble.server.testing.TestClient;
import ensemble.server.testing.TestTls;
import ensemble.server.xapi.LrsSettings;
import ensemble.server.xapi.XapiValidator;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning record end to end: a team plays the fire drill from the catalogue while the LRS is
 * down for a whole minute; the analytics, the xAPI export (valid per the validator library) and
 * the leaderboard come from the console API; and once the LRS is back it receives every
 * statement of the session exactly once.
 *
 * <p>The outage is a real 60 s. The publisher's backoff is capped at 8 s here (default 60 s) only
 * so the test does not wait up to a minute more after the LRS recovers; the path is the same.
 */
class LearningRecordIT {
    static final Path CATALOG = Path.of("../scenarios/catalog").toAbsolutePath().normalize();
    static final long OUTAGE_MILLIS = 60_000;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A minimal LRS: 503 until it comes up, then 200 with the ids; counts each accepted id. */
    static final class Lrs implements AutoCloseable {
        final HttpServer http;
        final long upAtMillis;
        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        final AtomicInteger refused = new AtomicInteger();
        final Set<String> authorization = ConcurrentHashMap.newKeySet();
        volatile long firstAcceptedAt;

        Lrs(long upAtMillis) throws Exception {
            this.upAtMillis = upAtMillis;
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/xapi/statements", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                if (System.currentTimeMillis() < upAtMillis) {
                    refused.incrementAndGet();
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                    return;
                }
                List<String> ids = new ArrayList<>();
                for (JsonNode statement : JSON.readTree(body)) {
                    ids.add(statement.get("id").asText());
                    accepted.computeIfAbsent(statement.get("id").asText(), k -> new AtomicInteger()).incrementAndGet();
                }
                if (firstAcceptedAt == 0) {
                    firstAcceptedAt = System.currentTimeMillis();
                }
                byte[] reply = JSON.writeValueAsBytes(ids);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, reply.length);
                exchange.getResponseBody().write(reply);
                exchange.close();
            });
            http.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/xapi/");
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    static void say(TestClient client, String text) {
        client.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText(text)).build());
    }

    static boolean stepStarted(ServerMessage m, String step) {
        return m.hasScenarioEvent() && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_STEP_STARTED
                && m.getScenarioEvent().getStepId().equals(step);
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return TestTls.httpClient().build().send(HttpRequest.newBuilder(TestTls.https(port, path))
                .header("Authorization", Api.FACILITATOR).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(int port, String path, String body) throws Exception {
        return TestTls.httpClient().build().send(HttpRequest.newBuilder(TestTls.https(port, path))
                .header("Authorization", Api.FACILITATOR).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDrillPlayedDuringAnLrsOutageIsAnalysedExportedAndDeliveredExactlyOnce(@TempDir Path dataDir) throws Exception {
        long upAt = System.currentTimeMillis() + OUTAGE_MILLIS;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (Lrs lrs = new Lrs(upAt);
             EnsembleServer server = EnsembleServer.start(ServerConfig.forTests(dataDir).toBuilder().scenarioDir(CATALOG)
                     .lrs(LrsSettings.NONE.withEndpoint(lrs.endpoint(), "lrs-key", "lrs-secret").withBatchSize(7)
                             .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(8)))
                     .build())) {
            Session session = server.sessions().create(SceneBuilder.from(server.scenarios().find("office-fire-evacuation")
                    .orElseThrow()), null);
            String id = session.id();
            TokenSigner signer = server.sessions().context().signer();
            try (TestClient warden = new TestClient(group, TestClient.options(server.controlPort(),
                    signer.join(id, session.generation(), "warden", TokenSigner.Kind.PARTICIPANT, 600), "Wanda"));
                 TestClient employee = new TestClient(group, TestClient.options(server.controlPort(),
                         signer.join(id, session.generation(), "employee", TokenSigner.Kind.PARTICIPANT, 600), "Emil"))) {
                warden.awaitWelcome();
                employee.awaitWelcome();
                warden.setHead(1f, 1.7f, 1f);
                employee.setHead(1.5f, 1.7f, 1.2f);
                control(session, FacilitatorCommand.Kind.KIND_START, "");
                warden.await(m -> stepStarted(m, "discover"), Duration.ofSeconds(5));
                Thread.sleep(3 * ProximitySampler.SAMPLE_MILLIS); // side by side for a few samples
                say(warden, "Fire! Everybody out!");
                warden.await(m -> stepStarted(m, "evacuate"), Duration.ofSeconds(5));
                say(employee, "On my way to the exit");
                control(session, FacilitatorCommand.Kind.KIND_GOTO_STEP, "roll-call");
                control(session, FacilitatorCommand.Kind.KIND_INJECT, "missing-colleague");
                warden.await(m -> stepStarted(m, "report-missing"), Duration.ofSeconds(5));
                say(warden, "Priya from accounts is missing, last seen at her desk");
                employee.await(m -> m.hasScenarioEvent()
                        && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_ENDED, Duration.ofSeconds(5));
            }
            int port = server.httpPort();

            // Analytics, from the stored events (wait for the journal to reach Redis).
            JsonNode analytics = awaitJson(port, "/api/sessions/" + id + "/analytics",
                    a -> "evacuated-with-missing".equals(a.path("outcome").asText()));
            assertEquals(2, analytics.path("participants").size(), analytics.toString());
            assertTrue(analytics.path("steps").size() >= 3, "step runs: " + analytics.path("steps"));
            assertEquals(20, analytics.path("teamPoints").asInt());
            JsonNode tie = analytics.at("/network/edges/0");
            assertTrue(tie.path("replies").asInt() >= 1, "the employee answered the warden: " + tie);
            assertTrue(tie.path("nearMs").asLong() >= ProximitySampler.SAMPLE_MILLIS, "they stood side by side: " + tie);
            assertEquals(1.0, analytics.at("/network/density").asDouble(), 1e-9);
            HttpResponse<String> csv = get(port, "/api/sessions/" + id + "/analytics.csv");
            assertEquals(200, csv.statusCode());
            assertTrue(csv.body().startsWith(AnalyticsCsv.HEADER) && csv.body().contains("team," + id + ",office-fire-evacuation,team_points,20"),
                    csv.body());
            JsonNode compared = Api.getJson(port, "/api/analytics?sessions=" + id + ",no-such-session");
            assertEquals(1, compared.path("sessions").size());

            // Leaderboards are opt-in.
            assertEquals(0, Api.getJson(port, "/api/leaderboards/spring").path("teams").size(), "off by default");
            assertEquals(200, put(port, "/api/sessions/" + id + "/leaderboard", "{\"team\":\"Blue\",\"cohort\":\"spring\"}").statusCode());
            JsonNode board = Api.getJson(port, "/api/leaderboards/spring");
            assertEquals("Blue", board.at("/teams/0/team").asText());
            assertEquals(20, board.at("/teams/0/teamPoints").asInt());

            // The xAPI export: valid statements, as the LRS will get them.
            HttpResponse<String> export = get(port, "/api/sessions/" + id + "/xapi");
            assertEquals(200, export.statusCode());
            List<String> statements = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (JsonNode statement : JSON.readTree(export.body())) {
                statements.add(statement.toString());
                ids.add(statement.get("id").asText());
            }
            assertTrue(statements.size() >= 10, "launched, initialized, comments, scores, steps, completed: " + statements.size());
            List<List<String>> report = XapiValidator.validate(statements);
            for (int i = 0; i < statements.size(); i++) {
                assertEquals(List.of(), report.get(i), "valid: " + statements.get(i));
            }

            // The LRS comes back after its minute and gets everything, once.
            long deadline = upAt + 60_000;
            while (!lrs.accepted.keySet().equals(ids) && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            Thread.sleep(2 * 500 + 500); // a few more publisher passes: nothing more may arrive
            assertEquals(ids, lrs.accepted.keySet(), "every statement reached the LRS");
            lrs.accepted.forEach((statementId, count) -> assertEquals(1, count.get(), statementId + " sent once"));
            assertTrue(lrs.refused.get() >= 3, "sends were retried during the outage: " + lrs.refused.get());
            assertTrue(lrs.firstAcceptedAt >= upAt, "nothing was accepted before the LRS was up");
            assertEquals(0, server.learningRecord().xapiWaiting(id), "the outbox is empty");
            assertEquals(Set.of("Basic " + java.util.Base64.getEncoder().encodeToString(
                    "lrs-key:lrs-secret".getBytes(StandardCharsets.UTF_8))), lrs.authorization);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    static JsonNode awaitJson(int port, String path, java.util.function.Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> reply = get(port, path);
            if (reply.statusCode() == 200) {
                last = JSON.readTree(reply.body());
                if (ready.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never became ready: " + last);
    }

    static void control(Session session, FacilitatorCommand.Kind kind, String target) throws Exception {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        session.submit(s -> done.complete(s.control(FacilitatorCommand.newBuilder().setKind(kind).setTarget(target).build(),
                "facilitator").applied()));
        assertTrue(done.get(5, TimeUnit.SECONDS), kind + " " + target + " applied");
    }
}
