package ensemble.server.assess;

import ensemble.scenario.model.Scenario;
import ensemble.server.store.EventRecord;
import java.util.List;
import java.util.Optional;

/**
 * What a report is computed from: the session's event stream as Redis holds it (never what a
 * client said about itself), the scenario it ran, when it started, and its review settings.
 *
 * @param events      every event of the session, oldest first
 * @param startedAtMs wall time the session was created; timeline offsets count from it
 * @param ended       true once the session has ended (the report is then final, but for feedback)
 */
public record ReportContext(String sessionId, Optional<Scenario> scenario, List<EventRecord> events, long startedAtMs,
        boolean ended, ReviewSettings settings) {
    public ReportContext {
        events = List.copyOf(events);
    }

    /** Milliseconds from the start of the session to {@code wallMillis}. */
    public long offset(long wallMillis) {
        return Math.max(0, wallMillis - startedAtMs);
    }
}
