package ensemble.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.console.Team;
import ensemble.server.session.TokenSigner;
import ensemble.server.testing.TestTls;
import ensemble.v1.ScenarioEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's JSON API and live feed against a real server: every endpoint, and its refusals. */
class ConsoleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = TestTls.httpClient().build();
    private static final String PASSWORD = "it-console-password";
    private static final List<String> CONTROLS = List.of("start", "pause", "resume", "reset", "goto", "inject",
            "broadcast", "whisper", "mute", "unmute", "remove", "end", "spectate");

    @TempDir
    static Path dir;
    static EnsembleServer server;
    static String facilitator;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dir).toBuilder().console("lead", PASSWORD).build());
        HttpResponse<String> login = call("POST", "/api/login", "{\"user\":\"lead\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(200, login.statusCode(), login.body());
        facilitator = "Bearer " + json(login).path("token").asText();
        assertTrue(login.headers().firstValue("Set-Cookie").orElseThrow().contains("HttpOnly"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyApiEndpointNeedsALogin() throws Exception {
        String id = create("{\"id\":\"anon\",\"entities\":2}");
        for (String command : CONTROLS) {
            assertError(401, "unauthenticated", call("POST", "/api/sessions/" + id + "/" + command, "{}", null));
        }
        assertError(401, "unauthenticated", call("GET", "/api/sessions", null, null));
        assertError(401, "unauthenticated", call("POST", "/api/sessions", "{}", null));
        assertError(401, "unauthenticated", call("GET", "/api/scenarios", null, null));
        assertError(401, "unauthenticated", call("GET", "/api/sessions/" + id, null, null));
        assertError(401, "unauthenticated", call("GET", "/api/sessions/" + id + "/events", null, null));
        assertError(401, "unauthenticated", call("POST", "/api/sessions/" + id + "/tokens", "{\"role\":\"trainee\"}", null));
        assertError(401, "unauthenticated", call("DELETE", "/api/sessions/" + id, null, null));
        assertError(401, "unauthenticated", call("GET", "/api/me", null, null));
        assertError(401, "unauthenticated", call("GET", "/api/sessions", null, "Bearer ect_forged"));
        assertError(401, "unauthenticated", call("GET", "/api/sessions", null, "Basic bGVhZDp3cm9uZw=="));
        assertEquals(200, call("GET", "/", null, null).statusCode(), "the page itself is public");
    }

    @Test
    void loginRefusesWrongCredentialsAndBadPayloads() throws Exception {
        assertError(401, "bad_credentials", call("POST", "/api/login", "{\"user\":\"lead\",\"password\":\"nope-nope\"}", null));
        assertError(401, "bad_credentials", call("POST", "/api/login", "{\"user\":\"other\",\"password\":\"" + PASSWORD + "\"}", null));
        assertError(400, "bad_request", call("POST", "/api/login", "{\"user\":\"lead\"}", null));
        assertError(400, "bad_request", call("POST", "/api/login", "not json", null));
        HttpResponse<String> login = call("POST", "/api/login", "{\"user\":\"lead\",\"password\":\"" + PASSWORD + "\"}", null);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(uri("/api/me")).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("facilitator", json(me).path("role").asText());
        assertEquals("lead", json(me).path("user").asText());
        String bearer = "Bearer " + json(login).path("token").asText();
        assertEquals(200, call("POST", "/api/logout", "", bearer).statusCode());
        assertError(401, "unauthenticated", call("GET", "/api/sessions", null, bearer));
        assertEquals(200, call("GET", "/api/sessions", null, "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("lead:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8))).statusCode());
    }

    @Test
    void aTraineeTokenCannotSteer() throws Exception {
        String id = create("{\"id\":\"trainees\",\"entities\":2}");
        String other = create("{\"id\":\"others\",\"entities\":2}");
        String trainee = "Bearer " + server.sessions().context().signer().join(id, server.sessions().find(id).generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        for (String command : CONTROLS) {
            assertError(403, "forbidden", call("POST", "/api/sessions/" + id + "/" + command, "{}", trainee));
        }
        assertError(403, "forbidden", call("GET", "/api/sessions", null, trainee));
        assertError(403, "forbidden", call("POST", "/api/sessions", "{}", trainee));
        assertError(403, "forbidden", call("POST", "/api/sessions/" + id + "/tokens", "{\"role\":\"trainee\"}", trainee));
        assertError(403, "forbidden", call("DELETE", "/api/sessions/" + id, null, trainee));
        assertError(403, "forbidden", call("GET", "/api/sessions/" + id + "/events", null, trainee));
        assertError(403, "forbidden", call("GET", "/api/sessions/" + other, null, trainee));
        assertEquals(200, call("GET", "/api/sessions/" + id, null, trainee).statusCode(), "a trainee reads its own session");
        assertEquals("running", get("/api/sessions/" + id).path("state").asText(), "nothing a trainee sent took effect");
    }

    @Test
    void unknownSessionsAre404() throws Exception {
        for (String command : CONTROLS) {
            assertError(404, "unknown_session", call("POST", "/api/sessions/ghost/" + command,
                    "{\"step\":\"a\",\"trigger\":\"a\",\"text\":\"a\",\"participant\":\"a\"}", facilitator));
        }
        assertError(404, "unknown_session", call("GET", "/api/sessions/ghost", null, facilitator));
        assertError(404, "unknown_session", call("GET", "/api/sessions/ghost/events", null, facilitator));
        assertError(404, "unknown_session", call("POST", "/api/sessions/ghost/tokens", "{\"role\":\"trainee\"}", facilitator));
        assertError(404, "unknown_session", call("DELETE", "/api/sessions/ghost", null, facilitator));
        assertError(404, "not_found", call("POST", "/api/sessions/ghost/dance", "{}", facilitator));
    }

    @Test
    void createListReadAndRemove() throws Exception {
        JsonNode scenarios = get("/api/scenarios");
        assertEquals("test-room", scenarios.get(0).path("id").asText());
        HttpResponse<String> created = call("POST", "/api/sessions", "{\"id\":\"made\",\"scenario\":\"test-room\",\"entities\":3}", facilitator);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode body = json(created);
        assertTrue(body.path("joinLinks").path("trainee").asText().startsWith("ensemble://"));
        var join = server.sessions().context().signer().verifyJoin(body.path("joinTokens").path("trainee").asText());
        assertTrue(join.isOk());
        assertEquals("made", join.value().sessionId());
        assertEquals(TokenSigner.Kind.SPECTATOR, server.sessions().context().signer()
                .verifyJoin(body.path("spectatorToken").asText()).value().kind());
        assertTrue(get("/api/sessions").toString().contains("\"made\""));
        JsonNode detail = get("/api/sessions/made");
        assertEquals(3, detail.path("entities").size());
        assertEquals(-10.0, detail.path("layout").path("bounds").path("minX").asDouble());
        assertFalse(detail.path("scenarioState").path("bound").asBoolean());
        JsonNode token = json(call("POST", "/api/sessions/made/tokens", "{\"role\":\"trainee\"}", facilitator));
        assertTrue(server.sessions().context().signer().verifyJoin(token.path("token").asText()).isOk());
        assertError(400, "bad_request", call("POST", "/api/sessions/made/tokens", "{\"role\":\"pilot\"}", facilitator));

        assertError(409, "exists", call("POST", "/api/sessions", "{\"id\":\"made\"}", facilitator));
        assertError(404, "unknown_scenario", call("POST", "/api/sessions", "{\"scenario\":\"no-such-drill\"}", facilitator));
        assertError(400, "bad_request", call("POST", "/api/sessions", "{\"entities\":-1}", facilitator));
        assertError(400, "bad_request", call("POST", "/api/sessions", "{\"entities\":\"many\"}", facilitator));
        assertError(400, "bad_request", call("POST", "/api/sessions", "{\"id\":\"Bad Id!\"}", facilitator));
        assertError(400, "bad_request", call("POST", "/api/sessions", "{\"scenario\":7}", facilitator));
        assertError(400, "bad_request", call("POST", "/api/sessions", "[1,2]", facilitator));
        assertError(400, "bad_request", call("POST", "/api/sessions", "{nope", facilitator));

        HttpResponse<String> removed = call("DELETE", "/api/sessions/made", null, facilitator);
        assertEquals(200, removed.statusCode(), removed.body());
        assertError(404, "unknown_session", call("GET", "/api/sessions/made", null, facilitator));
    }

    @Test
    void controlsReachTheTeamAndTheLog() throws Exception {
        JsonNode created = json(call("POST", "/api/sessions", "{\"id\":\"drill\",\"entities\":4}", facilitator));
        try (Team team = new Team()) {
            team.join("127.0.0.1", server.controlPort(), created.path("joinTokens").path("trainee").asText(),
                    List.of("Ada", "Grace"));
            JsonNode people = get("/api/sessions/drill").path("participants");
            assertEquals(2, people.size());
            String ada = idOf(people, "Ada");
            String grace = idOf(people, "Grace");

            assertError(409, "refused", control("start", "{}"));
            assertApplied(control("pause", "{}"), "paused");
            assertError(409, "refused", control("pause", "{}"));
            waitFor(() -> team.allGot(m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_PAUSED),
                    "every bot is told of the pause");
            assertApplied(control("resume", "{}"), "running");
            assertApplied(control("reset", "{}"), "running");
            waitFor(() -> team.allGot(m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_RESET),
                    "every bot is told of the reset");

            assertError(409, "no_scenario", control("goto", "{\"step\":\"evacuate\"}"));
            assertError(409, "no_scenario", control("inject", "{\"trigger\":\"fire-alarm\"}"));
            assertError(400, "bad_request", control("goto", "{}"));
            assertError(400, "bad_request", control("inject", "{\"trigger\":3}"));

            assertApplied(control("broadcast", "{\"text\":\"Gather at the door\"}"), "running");
            waitFor(() -> team.allGot(m -> m.hasChat() && m.getChat().getFromFacilitator()
                    && m.getChat().getText().equals("Gather at the door")), "every bot hears the broadcast");
            assertError(400, "bad_request", control("broadcast", "{\"text\":\"  \"}"));
            assertError(400, "field_too_long", control("broadcast", "{\"text\":\"" + "x".repeat(501) + "\"}"));

            assertApplied(control("whisper", "{\"participant\":\"" + ada + "\",\"text\":\"Only you\"}"), "running");
            waitFor(() -> team.members().get(0).got(m -> m.hasChat() && m.getChat().getWhisper()), "Ada hears the whisper");
            Thread.sleep(300);
            assertFalse(team.members().get(1).got(m -> m.hasChat() && m.getChat().getWhisper()), "Grace does not");
            assertError(404, "unknown_participant", control("whisper", "{\"participant\":\"nobody\",\"text\":\"hi\"}"));
            assertError(400, "bad_request", control("whisper", "{\"participant\":\"" + ada + "\"}"));

            assertApplied(control("mute", "{\"participant\":\"" + grace + "\"}"), "running");
            assertTrue(participant(grace).path("muted").asBoolean());
            assertApplied(control("unmute", "{\"participant\":\"" + grace + "\"}"), "running");
            assertFalse(participant(grace).path("muted").asBoolean());
            assertError(404, "unknown_participant", control("mute", "{\"participant\":\"nobody\"}"));
            assertError(400, "bad_request", control("remove", "{}"));
            assertApplied(control("remove", "{\"participant\":\"" + grace + "\"}"), "running");
            waitFor(() -> get("/api/sessions/drill").path("participants").size() == 1, "Grace is removed");

            JsonNode spectate = json(control("spectate", ""));
            assertEquals(TokenSigner.Kind.SPECTATOR, server.sessions().context().signer()
                    .verifyJoin(spectate.path("token").asText()).value().kind());

            assertApplied(control("end", "{}"), "ended");
            assertError(409, "session_ended", control("pause", "{}"));
            waitFor(() -> team.members().get(0).got(m -> m.hasScenarioEvent()
                    && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_ENDED), "Ada is told the session ended");

            JsonNode log = get("/api/sessions/drill/events").path("events");
            List<String> commands = new java.util.ArrayList<>();
            for (JsonNode event : log) {
                if (event.path("type").asText().equals("facilitator")) {
                    assertEquals("facilitator:lead", event.path("actor").asText());
                    commands.add(event.path("data").path("command").asText());
                }
            }
            assertEquals(List.of("pause", "resume", "reset", "broadcast", "whisper", "mute", "unmute", "remove",
                    "spectate", "end"), commands, "every applied command is logged once, with who did it");
            assertError(400, "bad_request", call("GET", "/api/sessions/drill/events?after=x", null, facilitator));
        }
    }

    @Test
    void liveFeedStreamsPositionsAndEvents() throws Exception {
        JsonNode created = json(call("POST", "/api/sessions", "{\"id\":\"watched\",\"entities\":4}", facilitator));
        LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", facilitator)
                .buildAsync(URI.create("wss://127.0.0.1:" + server.httpPort() + "/api/sessions/watched/live"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try (Team team = new Team()) {
            JsonNode first = frames.poll(5, TimeUnit.SECONDS);
            assertNotNull(first, "a first frame");
            assertEquals("frame", first.path("type").asText());
            assertEquals(4, first.path("entities").size(), "the first frame has every entity");
            assertTrue(first.has("layout"));
            team.join("127.0.0.1", server.controlPort(), created.path("joinTokens").path("trainee").asText(), List.of("Walker"));
            control("watched", "pause", "{}");
            long deadline = System.currentTimeMillis() + 10_000;
            boolean sawPause = false;
            boolean sawWalker = false;
            while (System.currentTimeMillis() < deadline && !(sawPause && sawWalker)) {
                JsonNode frame = frames.poll(1, TimeUnit.SECONDS);
                if (frame == null) {
                    continue;
                }
                sawWalker |= frame.path("participants").toString().contains("Walker");
                for (JsonNode event : frame.path("events")) {
                    sawPause |= event.path("data").path("command").asText().equals("pause")
                            && event.path("actor").asText().equals("facilitator:lead");
                }
            }
            assertTrue(sawWalker, "the feed shows the participant");
            assertTrue(sawPause, "the feed carries the pause event with its actor");
            frames.clear();
            Thread.sleep(2000);
            int inTwoSeconds = frames.size();
            assertTrue(inTwoSeconds >= 8 && inTwoSeconds <= 22, "about 10 frames a second, got " + inTwoSeconds + " in 2 s");
        } finally {
            socket.abort();
        }
    }

    @Test
    void liveFeedRefusesStrangers() throws Exception {
        create("{\"id\":\"guarded\",\"entities\":1}");
        URI live = URI.create("wss://127.0.0.1:" + server.httpPort() + "/api/sessions/guarded/live");
        assertHandshakeFails(HTTP.newWebSocketBuilder(), live);
        String trainee = "Bearer " + server.sessions().context().signer().join("guarded", server.sessions().find("guarded").generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        assertHandshakeFails(HTTP.newWebSocketBuilder().header("Authorization", trainee), live);
        assertHandshakeFails(HTTP.newWebSocketBuilder().header("Authorization", facilitator).header("Origin", "http://evil.example"), live);
        assertHandshakeFails(HTTP.newWebSocketBuilder().header("Authorization", facilitator),
                URI.create("wss://127.0.0.1:" + server.httpPort() + "/api/sessions/ghost/live"));
        assertError(400, "websocket_required", call("GET", "/api/sessions/guarded/live", null, facilitator));
    }

    private static void assertHandshakeFails(WebSocket.Builder builder, URI uri) throws Exception {
        CompletableFuture<WebSocket> socket = builder.buildAsync(uri, new WebSocket.Listener() { });
        try {
            socket.get(5, TimeUnit.SECONDS).abort();
            throw new AssertionError("the handshake to " + uri + " should have failed");
        } catch (java.util.concurrent.ExecutionException expected) {
            assertTrue(expected.getCause() instanceof java.net.http.WebSocketHandshakeException, expected.toString());
        }
    }

    private static JsonNode participant(String id) throws Exception {
        for (JsonNode p : get("/api/sessions/drill").path("participants")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no participant " + id);
    }

    private static String idOf(JsonNode people, String name) {
        for (JsonNode p : people) {
            if (p.path("name").asText().equals(name)) {
                return p.path("id").asText();
            }
        }
        throw new AssertionError("no participant named " + name + " in " + people);
    }

    private static HttpResponse<String> control(String command, String body) throws Exception {
        return control("drill", command, body);
    }

    private static HttpResponse<String> control(String session, String command, String body) throws Exception {
        return call("POST", "/api/sessions/" + session + "/" + command, body, facilitator);
    }

    private static void assertApplied(HttpResponse<String> response, String state) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(json(response).path("applied").asBoolean());
        assertEquals(state, json(response).path("sessionState").asText());
    }

    private static void assertError(int status, String code, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, json(response).path("error").asText(), response.body());
    }

    private static String create(String body) throws Exception {
        HttpResponse<String> response = call("POST", "/api/sessions", body, facilitator);
        assertEquals(201, response.statusCode(), response.body());
        return json(response).path("id").asText();
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = call("GET", path, null, facilitator);
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return TestTls.https(server.httpPort(), path);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static void waitFor(Check check, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }
}
