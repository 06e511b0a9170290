package ensemble.server.xapi;

import java.util.Objects;
import java.util.UUID;

/**
 * What statements about one session need besides its events.
 *
 * @param registration      the session's xAPI registration, one per session (kept in Redis)
 * @param scenarioVersion   the scenario's version, sent as the context revision; may be empty
 * @param passMark          team points needed to pass; 0 when the scenario has no pass mark
 * @param maxPoints         sum of the rubric's maximum points; 0 when unknown
 * @param facilitator       who is named instructor until a facilitator acts in the session
 */
public record SessionFacts(String sessionId, UUID registration, String scenarioId, String scenarioVersion,
        String scenarioTitle, int passMark, int maxPoints, String facilitator) {
    public SessionFacts {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(scenarioId, "scenarioId");
        scenarioVersion = scenarioVersion == null ? "" : scenarioVersion;
        scenarioTitle = scenarioTitle == null || scenarioTitle.isBlank() ? scenarioId : scenarioTitle;
        Objects.requireNonNull(facilitator, "facilitator");
    }
}
