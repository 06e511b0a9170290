package ensemble.server.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The team analytics of one session, computed by {@link SessionAnalysis} from its event history.
 * Times are epoch milliseconds; durations are milliseconds.
 *
 * @param balance evenness of participation (actions and chat lines): Pielou's J, 1 when everyone
 *                contributed the same, towards 0 when one person did everything; 1 with one person
 */
public record SessionAnalytics(String sessionId, String scenarioId, long startedAtMillis, long endedAtMillis,
        String outcome, int teamPoints, List<StepRun> steps, List<Contribution> participants, double balance,
        InteractionNetwork network) {

    /** One run of a step: a step that was entered twice (a rewind, a go-to) has two runs. */
    public record StepRun(String step, String title, int attempt, long startedAtMillis, long endedAtMillis,
            String outcome, int errors, int points) {
        public long durationMillis() {
            return Math.max(0, endedAtMillis - startedAtMillis);
        }
    }

    /** What one participant did. {@code errors} counts their penalties (negative scores). */
    public record Contribution(String id, String name, String role, int actions, int chatLines, int handoffsGiven,
            long nearOthersMillis, int points, int errors) {
    }

    public long durationMillis() {
        return Math.max(0, endedAtMillis - startedAtMillis);
    }

    public int errors() {
        return steps.stream().mapToInt(StepRun::errors).sum();
    }

    /** Plain data for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", sessionId);
        out.put("scenario", scenarioId);
        out.put("startedAt", startedAtMillis);
        out.put("endedAt", endedAtMillis);
        out.put("durationMs", durationMillis());
        out.put("outcome", outcome);
        out.put("teamPoints", teamPoints);
        out.put("errors", errors());
        out.put("balance", InteractionNetwork.round(balance));
        List<Map<String, Object>> stepList = new ArrayList<>();
        for (StepRun run : steps) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", run.step());
            s.put("title", run.title());
            s.put("attempt", run.attempt());
            s.put("startedAt", run.startedAtMillis());
            s.put("durationMs", run.durationMillis());
            s.put("outcome", run.outcome());
            s.put("errors", run.errors());
            s.put("points", run.points());
            stepList.add(s);
        }
        out.put("steps", stepList);
        List<Map<String, Object>> people = new ArrayList<>();
        for (Contribution c : participants) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", c.id());
            p.put("name", c.name());
            p.put("role", c.role());
            p.put("actions", c.actions());
            p.put("chatLines", c.chatLines());
            p.put("handoffsGiven", c.handoffsGiven());
            p.put("nearOthersMs", c.nearOthersMillis());
            p.put("points", c.points());
            p.put("errors", c.errors());
            people.add(p);
        }
        out.put("participants", people);
        out.put("network", network.toMap());
        return out;
    }
}
