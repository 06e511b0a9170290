package ensemble.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.session.Links;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
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
 * links per role), read one, issue a join link (role or personal, with its expiry), list and
 * revoke links, end and remove. Every route checks the caller
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
        routes.addAsync(HttpMethod.POST, "/api/sessions", guard.facilitator((request, caller) ->
                create(request.jsonBody(), caller)));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}", guard.facilitatorOrMember((request, caller) ->
                detail(request.param("id"))));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/events", guard.facilitator((request, caller) ->
                events(request.param("id"), request.queryParam("after"))));
        routes.addAsync(HttpMethod.POST, "/api/sessions/{id}/tokens", guard.facilitator((request, caller) ->
                token(request.param("id"), request.jsonBody(), caller)));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/links", guard.facilitator((request, caller) ->
                links(request.param("id"))));
        routes.addAsync(HttpMethod.DELETE, "/api/sessions/{id}/links/{link}", guard.facilitator((request, caller) ->
                revoke(request.param("id"), request.param("link"), caller)));
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

    private CompletionStage<HttpReply> create(JsonNode body, Caller caller) {
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
                return ApiGuard.done(HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_scenario",
                        "no scenario '" + scenario + "'"));
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
            return ApiGuard.done(HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "full", e.getMessage()));
        } catch (IllegalArgumentException e) {
            return ApiGuard.done(HttpReply.error(HttpResponseStatus.CONFLICT, "exists", e.getMessage()));
        }
        // The links are issued on the tick thread, which owns the session's list of links.
        return TickCall.on(session, s -> {
            Map<String, Object> tokens = new LinkedHashMap<>();
            Map<String, Object> links = new LinkedHashMap<>();
            for (Scene.Role role : scene.roles()) {
                String token = s.links().issue(role.id(), false, "", TOKEN_TTL_SECONDS, caller.actor()).token();
                tokens.put(role.id(), token);
                links.put(role.id(), joinLink(s.id(), token));
            }
            String spectator = s.links().issue("spectator", false, "", TOKEN_TTL_SECONDS, caller.actor()).token();
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("id", s.id());
            reply.put("scenario", scene.scenarioId());
            reply.put("title", scene.title());
            reply.put("state", s.stateSnapshot().name().toLowerCase(Locale.ROOT));
            reply.put("server", controlEndpoint);
            if (this.links.pin() != null) {
                reply.put("pin", this.links.pin());
            }
            reply.put("joinTokens", tokens);
            reply.put("joinLinks", links);
            reply.put("spectatorToken", spectator);
            reply.put("spectatorLink", joinLink(s.id(), spectator));
            return HttpReply.json(HttpResponseStatus.CREATED, reply);
        });
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

    /**
     * Issues a link: {@code role} (a scene role or "spectator"), {@code personal} (one reserved seat,
     * for the person named by {@code name}), {@code ttlSeconds} (default 12 h).
     */
    private CompletionStage<HttpReply> token(String id, JsonNode body, Caller caller) {
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(notFound(id));
        }
        String role = body.path("role").asText("");
        boolean personal = body.path("personal").asBoolean(false);
        String name = body.path("name").asText("");
        long ttl = body.has("ttlSeconds") ? longField(body, "ttlSeconds") : TOKEN_TTL_SECONDS;
        return TickCall.on(session, s -> {
            Links.Issued issued;
            try {
                issued = s.links().issue(role, personal, name, ttl, caller.actor());
            } catch (IllegalStateException e) {
                return HttpReply.error(HttpResponseStatus.CONFLICT, "no_seat", e.getMessage());
            }
            Map<String, Object> reply = linkDocument(issued.link(), s);
            reply.put("token", issued.token());
            reply.put("session", id);
            reply.put("server", controlEndpoint);
            reply.put("link", joinLink(id, issued.token()));
            return HttpReply.ok(reply);
        });
    }

    /** The session's links: role and personal, with expiry, revocation and who sits in each personal seat. */
    private CompletionStage<HttpReply> links(String id) {
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(notFound(id));
        }
        return TickCall.on(session, s -> {
            List<Map<String, Object>> links = new ArrayList<>();
            for (Links.Link link : s.links().all()) {
                links.add(linkDocument(link, s));
            }
            return HttpReply.ok(Map.of("session", id, "links", links));
        });
    }

    private CompletionStage<HttpReply> revoke(String id, String linkId, Caller caller) {
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(notFound(id));
        }
        if (!linkId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("a link id is 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        return TickCall.on(session, s -> {
            boolean changed = s.links().revoke(linkId, caller.actor());
            return HttpReply.ok(Map.of("session", id, "linkId", linkId, "revoked", true, "changed", changed));
        });
    }

    private static Map<String, Object> linkDocument(Links.Link link, Session session) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("linkId", link.id());
        doc.put("role", link.role());
        doc.put("personal", link.personal());
        doc.put("name", link.label());
        doc.put("expiresAt", link.expiresAtSeconds());
        doc.put("revoked", session.links().isRevoked(link.id()));
        String holder = session.links().holder(link.id());
        doc.put("heldBy", holder == null ? "" : holder);
        return doc;
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

    private static long longField(JsonNode body, String name) {
        JsonNode node = body.path(name);
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + name + "\" must be an integer");
        }
        return node.asLong();
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
