package ensemble.server.record;

import ensemble.scenario.model.Scenario;
import ensemble.server.session.Session;
import ensemble.server.session.SessionCheckpoints;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.v1.CheckpointParticipant;
import ensemble.v1.WorldCheckpoint;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A new live session from a moment of a recording: the world and scenario state of the newest
 * keyframe at or before that moment (so "from minute 12" starts at the last keyframe before it,
 * at most {@link Recorder#KEYFRAME_MILLIS} earlier), paused, with a join token for each person of
 * the recorded team. Entities they held are where they were, let go; people join again at their
 * role's spawn point. The facilitator resumes it when the team is in.
 */
public final class Fork {
    /** Lifetime of the join tokens a fork issues, seconds. */
    public static final long TOKEN_TTL_SECONDS = 12 * 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the fork became: the new session, where it starts, and the team's tokens. */
    public record Result(Session session, String state, long atMs, int fromTick, List<Map<String, String>> team, String spectatorToken) {
    }

    private Fork() {
    }

    /**
     * @param atMs milliseconds from the start of the recording
     * @throws IllegalArgumentException when the recording has no keyframe (nothing to start from)
     */
    public static Result start(Recording recording, long atMs, SessionRegistry registry,
            Function<String, Optional<Scenario>> scenarios, long nowMillis) {
        long tick = recording.tickAt(Math.max(0, atMs));
        WorldCheckpoint keyframe = recording.keyframeAt(tick);
        if (keyframe == null) {
            if (recording.keyframes().isEmpty()) {
                throw new IllegalArgumentException("the recording has no keyframe to start from");
            }
            keyframe = recording.keyframes().get(0);
        }
        String id = "f-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffffL);
        String state = keyframe.getState().equals("waiting") ? "waiting" : "paused";
        WorldCheckpoint start = keyframe.toBuilder().setSessionId(id).setCreatedAtMs(nowMillis).setState(state)
                .clearParticipants().build();
        Session session = SessionCheckpoints.restore(start, registry.context(), scenarios);
        if (!registry.host(session)) {
            throw new IllegalStateException("session " + id + " exists already");
        }
        TokenSigner signer = registry.context().signer();
        List<Map<String, String>> team = new ArrayList<>();
        for (CheckpointParticipant p : keyframe.getParticipantsList()) {
            if (p.getSpectator()) {
                continue;
            }
            Map<String, String> member = new LinkedHashMap<>();
            member.put("recordedParticipant", p.getId());
            member.put("name", p.getDisplayName());
            member.put("role", p.getRole());
            member.put("token", signer.join(id, session.generation(), p.getRole(), TokenSigner.Kind.PARTICIPANT, TOKEN_TTL_SECONDS));
            team.add(member);
        }
        String spectator = signer.join(id, session.generation(), "spectator", TokenSigner.Kind.SPECTATOR, TOKEN_TTL_SECONDS);
        long keyframeAtMs = 0;
        for (var frame : recording.frames()) {
            if (frame.getTick() <= keyframe.getTick()) {
                keyframeAtMs = frame.getWallMs() - recording.header().getStartedAtMs();
            }
        }
        return new Result(session, state, keyframeAtMs, keyframe.getTick(), team, spectator);
    }
}
