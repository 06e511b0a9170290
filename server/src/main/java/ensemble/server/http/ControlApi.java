package ensemble.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.session.Facilitation;
import ensemble.server.session.ScenarioBinding;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import ensemble.v1.FacilitatorCommand;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Facilitator controls on a live session: {@code POST /api/sessions/{id}/<command>}. Each is
 * checked (facilitator only, well-formed body, known step, trigger or participant), then applied
 * through {@link Session#control} on the session's tick thread with the caller as actor, which
 * logs it; the answer is the outcome, or a typed refusal.
 */
public final class ControlApi {
    /** What a command needs in its body besides nothing. */
    private enum Needs { NOTHING, STEP, TRIGGER, TEXT, PARTICIPANT, PARTICIPANT_AND_TEXT }

    /** The commands, their paths and what their bodies must carry. */
    private enum Command {
        START("start", FacilitatorCommand.Kind.KIND_START, Needs.NOTHING),
        PAUSE("pause", FacilitatorCommand.Kind.KIND_PAUSE, Needs.NOTHING),
        RESUME("resume", FacilitatorCommand.Kind.KIND_RESUME, Needs.NOTHING),
        RESET("reset", FacilitatorCommand.Kind.KIND_RESET, Needs.NOTHING),
        GOTO("goto", FacilitatorCommand.Kind.KIND_GOTO_STEP, Needs.STEP),
        INJECT("inject", FacilitatorCommand.Kind.KIND_INJECT, Needs.TRIGGER),
        BROADCAST("broadcast", FacilitatorCommand.Kind.KIND_BROADCAST, Needs.TEXT),
        WHISPER("whisper", FacilitatorCommand.Kind.KIND_WHISPER, Needs.PARTICIPANT_AND_TEXT),
        MUTE("mute", FacilitatorCommand.Kind.KIND_MUTE, Needs.PARTICIPANT),
        UNMUTE("unmute", FacilitatorCommand.Kind.KIND_UNMUTE, Needs.PARTICIPANT),
        REMOVE("remove", FacilitatorCommand.Kind.KIND_REMOVE, Needs.PARTICIPANT),
        END("end", FacilitatorCommand.Kind.KIND_END, Needs.NOTHING);

        final String path;
        final FacilitatorCommand.Kind kind;
        final Needs needs;

        Command(String path, FacilitatorCommand.Kind kind, Needs needs) {
            this.path = path;
            this.kind = kind;
            this.needs = needs;
        }
    }

    private final SessionRegistry registry;
    private final ApiGuard guard;
    private final String controlEndpoint;
    private final JoinLinks links;

    public ControlApi(SessionRegistry registry, ApiGuard guard, JoinLinks links) {
        this.registry = registry;
        this.guard = guard;
        this.controlEndpoint = links.endpoint();
        this.links = links;
    }

    public void register(HttpRoutes routes) {
        for (Command command : Command.values()) {
            routes.addAsync(HttpMethod.POST, "/api/sessions/{id}/" + command.path, guard.facilitator((request, caller) ->
                    control(request.param("id"), command, request.jsonBody(), caller)));
        }
        routes.addAsync(HttpMethod.POST, "/api/sessions/{id}/spectate", guard.facilitator((request, caller) ->
                spectate(request.param("id"), caller)));
    }

    private CompletionStage<HttpReply> control(String id, Command command, JsonNode body, Caller caller) {
        FacilitatorCommand.Builder proto = FacilitatorCommand.newBuilder().setKind(command.kind);
        switch (command.needs) {
            case STEP -> proto.setTarget(requiredText(body, "step"));
            case TRIGGER -> proto.setTarget(requiredText(body, "trigger"));
            case TEXT -> proto.setText(requiredText(body, "text"));
            case PARTICIPANT -> proto.setTarget(requiredText(body, "participant"));
            case PARTICIPANT_AND_TEXT -> proto.setTarget(requiredText(body, "participant")).setText(requiredText(body, "text"));
            case NOTHING -> { }
        }
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(SessionApi.notFound(id));
        }
        FacilitatorCommand built = proto.build();
        return TickCall.on(session, s -> {
            HttpReply unknown = checkTarget(s, command, built.getTarget());
            if (unknown != null) {
                return unknown;
            }
            return answer(s, command, s.control(built, caller.actor()));
        });
    }

    /** A 404 or 409 when the command names something this session does not have; tick thread. */
    private static HttpReply checkTarget(Session session, Command command, String target) {
        ScenarioBinding scenario = session.scenario();
        switch (command.needs) {
            case STEP, TRIGGER -> {
                if (scenario == null) {
                    return HttpReply.error(HttpResponseStatus.CONFLICT, "no_scenario",
                            "session " + session.id() + " runs no scenario, so it has no steps or injects");
                }
                List<String> known = command.needs == Needs.STEP ? scenario.stepIds() : scenario.triggerIds();
                if (!known.contains(target)) {
                    String what = command.needs == Needs.STEP ? "step" : "trigger";
                    return HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_" + what,
                            "the scenario has no " + what + " '" + target + "'");
                }
            }
            case PARTICIPANT, PARTICIPANT_AND_TEXT -> {
                boolean present = session.participantList().stream().anyMatch(p -> p.id().equals(target));
                if (!present) {
                    return HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_participant",
                            "no participant '" + target + "' in session " + session.id());
                }
            }
            case NOTHING, TEXT -> { }
        }
        return null;
    }

    private static HttpReply answer(Session session, Command command, Facilitation.Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", command.path);
        body.put("applied", outcome.applied());
        body.put("message", outcome.message());
        body.put("sessionState", SessionDocument.stateName(session));
        body.put("scenarioState", SessionDocument.scenarioState(session));
        if (outcome.applied()) {
            return HttpReply.ok(body);
        }
        String code;
        HttpResponseStatus status;
        switch (outcome.error()) {
            case ERROR_CODE_FIELD_TOO_LONG -> {
                code = "field_too_long";
                status = HttpResponseStatus.BAD_REQUEST;
            }
            case ERROR_CODE_SESSION_ENDED -> {
                code = "session_ended";
                status = HttpResponseStatus.CONFLICT;
            }
            default -> {
                code = "refused";
                status = HttpResponseStatus.CONFLICT;
            }
        }
        body.put("error", code);
        return HttpReply.json(status, body);
    }

    /** A spectator join token; logged in the session's event log with the caller as actor. */
    private CompletionStage<HttpReply> spectate(String id, Caller caller) {
        Session session = registry.find(id);
        if (session == null) {
            return ApiGuard.done(SessionApi.notFound(id));
        }
        return TickCall.on(session, s -> {
            // Issued by the session, so the console lists it and can revoke it; the spectator cap holds.
            String token = s.links().issue("spectator", false, "", SessionApi.TOKEN_TTL_SECONDS, caller.actor()).token();
            s.events().append("facilitator", s.tickNumber(), s.context().clock().millis(), caller.actor(),
                    Map.of("command", "spectate", "target", "", "text", ""));
            return HttpReply.ok(Map.of("token", token, "session", id, "role", "spectator", "server", controlEndpoint,
                    "link", links.link(id, token)));
        });
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode node = body.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("this command needs \"" + field + "\" (a non-empty string)");
        }
        return node.asText();
    }
}
