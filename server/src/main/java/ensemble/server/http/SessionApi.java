package ensemble.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.server.world.Scene;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The sessions part of the JSON API: list, create (with join tokens per role), read one, issue
 * a join token, end. Reads of a live session run on its tick thread and answer asynchronously.
 */
public final class SessionApi {
    /** Lifetime of join tokens the API issues, seconds. */
    public static final long TOKEN_TTL_SECONDS = 12 * 3600;
    /** Largest test room the API creates. */
    static final int MAX_TEST_ENTITIES = 2000;

    private final SessionRegistry registry;
    private final Function<String, Scene> scenes;
    private final String controlEndpoint;

    /**
     * @param scenes          finds the scene of a scenario id, or null when there is none
     * @param controlEndpoint "host:port" clients connect to
     */
    public SessionApi(SessionRegistry registry, Function<String, Scene> scenes, String controlEndpoint) {
        this.registry = registry;
        this.scenes = scenes;
        this.controlEndpoint = controlEndpoint;
    }

    public void register(HttpRoutes routes) {
        routes.get("/api/sessions", request -> HttpReply.ok(list()));
        routes.post("/api/sessions", request -> create(body(request)));
        routes.addAsync(io.netty.handler.codec.http.HttpMethod.GET, "/api/sessions/{id}", request -> detail(request.param("id")));
        routes.post("/api/sessions/{id}/tokens", request -> token(request.param("id"), body(request)));
        routes.delete("/api/sessions/{id}", request -> end(request.param("id")));
    }

    private List<Map<String, Object>> list() {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (Session session : registry.all()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", session.id());
            item.put("scenario", session.scene().scenarioId());
            item.put("title", session.scene().title());
            item.put("state", session.stateSnapshot().name().toLowerCase(java.util.Locale.ROOT));
            item.put("tick", session.currentTick());
            item.put("participants", session.participantCount());
            sessions.add(item);
        }
        return sessions;
    }

    private HttpReply create(JsonNode body) {
        String scenario = body.path("scenario").asText("test-room");
        Scene scene;
        if ("test-room".equals(scenario)) {
            int entities = body.path("entities").asInt(20);
            int capacity = body.path("capacity").asInt(16);
            if (entities < 0 || entities > MAX_TEST_ENTITIES || capacity < 1 || capacity > Session.MAX_PARTICIPANTS) {
                throw new IllegalArgumentException("test-room needs 0.." + MAX_TEST_ENTITIES + " entities and 1.."
                        + Session.MAX_PARTICIPANTS + " capacity");
            }
            scene = Scene.testRoom(entities, capacity);
        } else {
            scene = scenes.apply(scenario);
            if (scene == null) {
                return HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_scenario", "no scenario '" + scenario + "'");
            }
        }
        String requestedId = body.hasNonNull("id") ? body.get("id").asText() : null;
        if (requestedId != null && !requestedId.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            throw new IllegalArgumentException("session id must be 1-48 characters of a-z 0-9 -");
        }
        Session session;
        try {
            session = registry.create(scene, requestedId);
        } catch (IllegalStateException e) {
            return HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "full", e.getMessage());
        } catch (IllegalArgumentException e) {
            return HttpReply.error(HttpResponseStatus.CONFLICT, "exists", e.getMessage());
        }
        TokenSigner signer = registry.context().signer();
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (Scene.Role role : scene.roles()) {
            tokens.put(role.id(), signer.join(session.id(), role.id(), TokenSigner.Kind.PARTICIPANT, TOKEN_TTL_SECONDS));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", session.id());
        reply.put("scenario", scene.scenarioId());
        reply.put("server", controlEndpoint);
        reply.put("joinTokens", tokens);
        reply.put("spectatorToken", signer.join(session.id(), "spectator", TokenSigner.Kind.SPECTATOR, TOKEN_TTL_SECONDS));
        return HttpReply.json(HttpResponseStatus.CREATED, reply);
    }

    private CompletionStage<HttpReply> detail(String id) {
        Session session = registry.find(id);
        if (session == null) {
            return CompletableFuture.completedFuture(notFound(id));
        }
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        boolean queued = session.submit(s -> reply.complete(HttpReply.ok(ensemble.server.session.SessionReadout.detail(s))));
        if (!queued) {
            reply.complete(HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "session is busy"));
        }
        return reply.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private HttpReply token(String id, JsonNode body) {
        Session session = registry.find(id);
        if (session == null) {
            return notFound(id);
        }
        String role = body.path("role").asText("");
        boolean spectator = "spectator".equals(role);
        if (!spectator && session.scene().role(role) == null) {
            throw new IllegalArgumentException("session " + id + " has no role '" + role + "'");
        }
        String token = registry.context().signer().join(id, role,
                spectator ? TokenSigner.Kind.SPECTATOR : TokenSigner.Kind.PARTICIPANT, TOKEN_TTL_SECONDS);
        return HttpReply.ok(Map.of("token", token, "session", id, "role", role, "server", controlEndpoint));
    }

    private HttpReply end(String id) {
        if (registry.find(id) == null) {
            return notFound(id);
        }
        registry.remove(id, ensemble.v1.ErrorCode.ERROR_CODE_SESSION_ENDED, "the session was ended");
        return HttpReply.ok(Map.of("id", id, "state", "ended"));
    }

    private static HttpReply notFound(String id) {
        return HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_session", "no session '" + id + "'");
    }

    static JsonNode body(HttpRoutes.Request request) {
        String text = request.raw().content().toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return HttpReply.JSON.createObjectNode();
        }
        try {
            JsonNode node = HttpReply.JSON.readTree(text);
            if (!node.isObject()) {
                throw new IllegalArgumentException("request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
