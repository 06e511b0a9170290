package ensemble.server.session;

import ensemble.server.net.Replies;
import ensemble.server.world.Entity;
import ensemble.v1.ChatLine;
import ensemble.v1.ErrorCode;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.ParticipantEvent;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import java.util.Map;

/**
 * Facilitator commands on a live session: start, pause, resume, reset, go to step, inject,
 * broadcast, whisper, mute, unmute, remove, end. Each is checked, applied on the tick thread,
 * told to the participants it concerns, and written to the session's event log with who did it.
 */
public final class Facilitation {
    /** Longest broadcast or whisper, characters. */
    public static final int MAX_TEXT_CHARS = 500;

    /** The outcome of a command: applied, or refused with a typed reason. */
    public record Outcome(boolean applied, ErrorCode error, String message) {
        static Outcome ok(String message) {
            return new Outcome(true, null, message);
        }

        static Outcome refused(ErrorCode error, String message) {
            return new Outcome(false, error, message);
        }
    }

    private Facilitation() {
    }

    /** Applies {@code command} by {@code actor}; call on the session's tick thread. */
    public static Outcome apply(Session session, FacilitatorCommand command, String actor) {
        String target = command.getTarget();
        String text = command.getText();
        if (text.length() > MAX_TEXT_CHARS || target.length() > 128) {
            return Outcome.refused(ErrorCode.ERROR_CODE_FIELD_TOO_LONG, "text is limited to " + MAX_TEXT_CHARS + " characters");
        }
        if (session.state == Session.State.ENDED && command.getKind() != FacilitatorCommand.Kind.KIND_END) {
            return Outcome.refused(ErrorCode.ERROR_CODE_SESSION_ENDED, "the session has ended");
        }
        long now = session.context.clock().millis();
        Outcome outcome = switch (command.getKind()) {
            case KIND_START -> start(session, now);
            case KIND_PAUSE -> pause(session, now);
            case KIND_RESUME -> resume(session, now);
            case KIND_RESET -> reset(session, now);
            case KIND_GOTO_STEP -> withScenario(session, s -> s.gotoStep(target, actor)
                    ? Outcome.ok("went to step " + target)
                    : Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "no step '" + target + "'"));
            case KIND_INJECT -> withScenario(session, s -> s.inject(target, actor)
                    ? Outcome.ok("injected " + target)
                    : Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "no inject '" + target + "'"));
            case KIND_BROADCAST -> broadcast(session, text);
            case KIND_WHISPER -> whisper(session, target, text);
            case KIND_MUTE, KIND_UNMUTE -> mute(session, target, command.getKind() == FacilitatorCommand.Kind.KIND_MUTE);
            case KIND_REMOVE -> remove(session, target, actor);
            case KIND_END -> end(session, actor);
            default -> Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "unknown command");
        };
        if (outcome.applied()) {
            session.events.append("facilitator", session.tick, now, actor, Map.of(
                    "command", command.getKind().name().substring("KIND_".length()).toLowerCase(java.util.Locale.ROOT),
                    "target", target, "text", text));
            session.recordEvent();
        }
        return outcome;
    }

    private static Outcome start(Session session, long now) {
        if (session.state != Session.State.WAITING) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "the session is already " + lower(session.state));
        }
        session.state = Session.State.RUNNING;
        if (session.scenario != null) {
            session.scenario.start(now);
        }
        broadcastStatus(session, ScenarioEvent.Kind.KIND_RESUMED);
        return Outcome.ok("started");
    }

    private static Outcome pause(Session session, long now) {
        if (session.state != Session.State.RUNNING) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "only a running session can pause; it is " + lower(session.state));
        }
        session.state = Session.State.PAUSED;
        if (session.scenario != null) {
            session.scenario.pause(now);
        }
        broadcastStatus(session, ScenarioEvent.Kind.KIND_PAUSED);
        return Outcome.ok("paused");
    }

    private static Outcome resume(Session session, long now) {
        if (session.state != Session.State.PAUSED) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "only a paused session can resume; it is " + lower(session.state));
        }
        session.state = Session.State.RUNNING;
        if (session.scenario != null) {
            session.scenario.resume(now);
        }
        broadcastStatus(session, ScenarioEvent.Kind.KIND_RESUMED);
        return Outcome.ok("resumed");
    }

    private static Outcome reset(Session session, long now) {
        for (Entity entity : session.entities) {
            entity.reset();
        }
        for (Participant p : session.participants()) {
            p.score = 0;
        }
        if (session.scenario != null) {
            session.scenario.reset(now);
            if (session.state == Session.State.RUNNING) {
                session.scenario.start(now);
            }
        }
        broadcastStatus(session, ScenarioEvent.Kind.KIND_RESET);
        return Outcome.ok("reset");
    }

    private static Outcome broadcast(Session session, String text) {
        if (text.isBlank()) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "a broadcast needs text");
        }
        session.broadcast(ServerMessage.newBuilder().setChat(ChatLine.newBuilder().setFromName("Facilitator")
                .setText(text).setTick(session.tick).setFromFacilitator(true)).build());
        return Outcome.ok("broadcast sent");
    }

    private static Outcome whisper(Session session, String participantId, String text) {
        Participant p = session.participant(participantId);
        if (p == null) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "no participant '" + participantId + "'");
        }
        if (text.isBlank()) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "a whisper needs text");
        }
        session.send(p, ServerMessage.newBuilder().setChat(ChatLine.newBuilder().setFromName("Facilitator")
                .setText(text).setTick(session.tick).setFromFacilitator(true).setWhisper(true)).build());
        return Outcome.ok("whispered to " + p.displayName);
    }

    private static Outcome mute(Session session, String participantId, boolean muted) {
        Participant p = session.participant(participantId);
        if (p == null) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "no participant '" + participantId + "'");
        }
        p.muted = muted;
        session.broadcast(session.admission.participantEvent(ParticipantEvent.Kind.KIND_UPDATED, p));
        return Outcome.ok((muted ? "muted " : "unmuted ") + p.displayName);
    }

    /** Removes someone; the personal link they sit in is revoked, so it does not let them back in. */
    private static Outcome remove(Session session, String participantId, String actor) {
        Participant p = session.participant(participantId);
        if (p == null) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "no participant '" + participantId + "'");
        }
        session.links.revokeSeatsOf(p, actor);
        session.admission.leave(p, "removed by the facilitator");
        return Outcome.ok("removed " + p.displayName);
    }

    /** The outcome a run ended by the facilitator's hand records. */
    static final String ENDED_BY_FACILITATOR = "ended by the facilitator";

    private static Outcome end(Session session, String actor) {
        if (session.state == Session.State.ENDED) {
            return Outcome.ok("already ended");
        }
        // A running scenario ends through its runtime, so the run is recorded as finished like any ending.
        if (session.scenario != null && session.scenario.end(ENDED_BY_FACILITATOR, actor)) {
            return Outcome.ok("ended");
        }
        session.state = Session.State.ENDED;
        session.broadcast(ServerMessage.newBuilder().setScenarioEvent(ScenarioEvent.newBuilder()
                .setKind(ScenarioEvent.Kind.KIND_ENDED).setTick(session.tick).setOutcome(ENDED_BY_FACILITATOR))
                .build());
        return Outcome.ok("ended");
    }

    private static Outcome withScenario(Session session, java.util.function.Function<ScenarioBinding, Outcome> action) {
        if (session.scenario == null) {
            return Outcome.refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "this session runs no scenario");
        }
        return action.apply(session.scenario);
    }

    private static void broadcastStatus(Session session, ScenarioEvent.Kind kind) {
        session.broadcast(ServerMessage.newBuilder().setScenarioEvent(ScenarioEvent.newBuilder().setKind(kind)
                .setTick(session.tick)).build());
        session.broadcast(ServerMessage.newBuilder().setSessionStatus(SessionViews.status(session)).build());
    }

    private static String lower(Session.State state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Sends an outcome to a participant that issued the command over its control channel. */
    static void answer(Session session, Participant p, Outcome outcome) {
        if (!outcome.applied()) {
            session.send(p, Replies.error(outcome.error(), outcome.message(), "command"));
        }
    }
}
