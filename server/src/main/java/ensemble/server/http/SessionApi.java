package ensemble.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.server.world.Scene;
import ensemble.v1.FacilitatorCommand;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The sessions part of the JSON API: the scenario catalogue, list, create (with join tokens and
 * links per role), read one, issue a join token, end and remove. Every route checks the caller
 * (see {@link ApiGuard}); reads of a live session run on its tick thread.
 */
public final class SessionApi {
    /** Lifetime of join tokens the API issues, seconds. */
    public static final long TOKEN_TTL_SECONDS = 12 * 3600;
    /** Largest test room the API creates. */
    static final int MAX_TEST_ENTITIES = 2000;
    /** The built-in scenario: a plain room with crates and one role. */
    static final String TEST_ROOM = "test-room";

    private final SessionRegistry registry;
    private final ScenarioCatalogue catalogue;
    private final String controlEndpoint;
    private final JoinLinks links;
    private final ApiGuard guard;

    /**
     * @param catalogue       the scenarios sessions can be created from, besides the test room
     * @param links           "host:port" clients connect to, and the links to it
     */
    public SessionApi(SessionRegistry registry, ScenarioCatalogue catalogue, JoinLinks links, ApiGuard guard) {
        this.registry = registry;
        this.catalogue = catalogue;
        this.controlEndpoint = links.endpoint();
        this.links = links;
        this.guard = guard;
    }

    public void register(HttpRoutes routes) {
        routes.addAsync(HttpMethod.GET, "/api/scenarios", guard.facilitatorNow((request, caller) -> HttpReply.ok(scenarios())));
        routes.addAsync(HttpMethod.GET, "/api/sessions", guard.facilitatorNow((request, caller) -> HttpReply.ok(list())));
        routes.addAsync(HttpMethod.POST, "/api/sessions", guard.facilitatorNow((request, caller) -> create(request.jsonBody())));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}", guard.facilitatorOrMember((request, caller) ->
                detail(request.param("id"))));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/events", guard.facilitator((request, caller) ->
                events(request.param("id"), request.queryParam("after"))));
        routes.addAsync(HttpMethod.POST, "/api/sessions/{id}/tokens", guard.facilitatorNow((request, caller) ->
                token(request.param("id"), request.jsonBody())));
        routes.addAsync(HttpMethod.DELETE, "/api/sessions/{id}", guard.facilitator((request, caller) ->
                remove(request.param("id"), caller)));
    }

    private List<Map<String, String>> scenarios() {
        List<Map<String, String>> list = new ArrayList<>();
        list.add(Map.of("id", TEST_ROOM, "title", "Test room (crates, one role)"));
        for (ScenarioCatalogue.Entry entry : catalogue.entries()) {
            list.add(Map.of("id", entry.id(), "title", entry.title()));
        }
        return list;
    }

    private List<Map<String, Object>> list() {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (Session session : registry.all()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", session.id());
            item.put("scenario", session.scene().scenarioId());
            item.put("title", session.scene().title());
            item.put("state", session.stateSnapshot().name().toLowerCase(Locale.ROOT));
            item.put("tick", session.currentTick());
            item.put("participants", session.participantCount());
            sessions.add(item);
        }
        sessions.sort(java.util.Comparator.comparing(item -> (String) item.get("id")));
        return sessions;
    }

    private HttpReply create(JsonNode body) {
        JsonNode scenarioNode = body.path("scenario");
        if (!scenarioNode.isMissingNode() && !scenarioNode.isTextual()) {
            throw new IllegalArgumentException("\"scenario\" must be a scenario id string");
        }
        String scenario = scenarioNode.asText(TEST_ROOM);
        Scene scene;
        if (TEST_ROOM.equals(scenario)) {
            int entities = intField(body, "entities", 20);
            int capacity = intField(body, "capacity", 16);
            if (entities < 0 || entities > MAX_TEST_ENTITIES || capacity < 1 || capacity > Session.MAX_PARTICIPANTS) {
                throw new IllegalArgumentException("test-room needs 0.." + MAX_TEST_ENTITIES + " entities and 1.."
                        + Session.MAX_PARTICIPANTS + " capacity");
            }
            scene = Scene.testRoom(entities, capacity);
        } else {
            scene = scenario.length() > 128 ? null : catalogue.scene(scenario);
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
        Map<String, Object> links = new LinkedHashMap<>();
        for (Scene.Role role : scene.roles()) {
            String token = signer.join(session.id(), role.id(), TokenSigner.Kind.PARTICIPANT, TOKEN_TTL_SECONDS);
            tokens.put(role.id(), token);
            links.put(role.id(), joinLink(session.id(), token));
        }
        String spectator = signer.join(session.id(), "spectator", TokenSigner.Kind.SPECTATOR, TOKEN_TTL_SECONDS);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", session.id());
        reply.put("scenario", scene.scenarioId());
        reply.put("title", scene.title());
        reply.put("state", session.stateSnapshot().name().toLowerCase(Locale.ROOT));
        reply.put("server", controlEndpoint);
        if (this.links.pin() != null) {
            reply.put("pin", this.links.pin());
        }
        reply.put("joinTokens", tokens);
        reply.put("joinLinks", links);
        reply.put("spectatorToken", spectator);
        reply.put("spectatorLink", joinLink(session.id(), spectator));
        return HttpReply.json(HttpResponseStatus.CREATED, reply);
    }

    /** {@code ensemble://host:port/sessions/ID?token=T&pin=P}: everything a client needs to join, in one string. */
    String joinLink(String sessionId, String token) {
        return links.link(sessionId, token);
    }

    private CompletionStage<HttpReply> detail(String id) {
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(notFound(id));
        }
        return TickCall.on(session, s -> {
            Map<String, Object> detail = SessionDocument.detail(s);
            detail.put("server", controlEndpoint);
            detail.put("layout", SessionDocument.layout(s.scene()));
            return HttpReply.ok(detail);
        });
    }

    /** The session's recent events after sequence number {@code after} (the in-memory log; see EventLog). */
    private CompletionStage<HttpReply> events(String id, String after) {
        long since;
        try {
            since = after == null ? 0 : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"after\" must be an event sequence number");
        }
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(notFound(id));
        }
        return TickCall.on(session, s -> {
            List<Map<String, Object>> events = new ArrayList<>();
            for (var event : s.events().since(since)) {
                events.add(SessionDocument.event(event));
            }
            return HttpReply.ok(Map.of("session", id, "last", s.events().lastSequence(), "events", events));
        });
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
        return HttpReply.ok(Map.of("token", token, "session", id, "role", role, "server", controlEndpoint,
                "link", joinLink(id, token)));
    }

    /** Ends the session (logged with the caller as actor), then stops hosting it on this node. */
    private CompletionStage<HttpReply> remove(String id, Caller caller) {
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(notFound(id));
        }
        return TickCall.on(session, s -> {
            s.control(FacilitatorCommand.newBuilder().setKind(FacilitatorCommand.Kind.KIND_END).build(), caller.actor());
            registry.remove(id, ensemble.v1.ErrorCode.ERROR_CODE_SESSION_ENDED, "the session was ended");
            return HttpReply.ok(Map.of("id", id, "state", "ended", "removed", true));
        });
    }

    static HttpReply notFound(String id) {
        return HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_session", "no session '" + id + "'");
    }

    private static int intField(JsonNode body, String name, int fallback) {
        JsonNode node = body.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isInt()) {
            throw new IllegalArgumentException("\"" + name + "\" must be an integer");
        }
        return node.asInt();
    }
}
