package ensemble.server.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.store.EventId;
import ensemble.server.store.EventRecord;
import ensemble.server.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-offs, replies, steps, errors and balance recognised in a written-out history. */
class SessionAnalysisTest {
    final List<StoredEvent> events = new ArrayList<>();

    void add(String type, long at, String actor, Map<String, String> data) {
        events.add(new StoredEvent(new EventId(events.size() + 1), new EventRecord(type, events.size(), at, actor, data)));
    }

    @Test
    void interactionsStepsAndErrorsAreCounted() {
        add("join", 0, "a", Map.of("name", "Ann", "role", "nurse", "kind", "PARTICIPANT"));
        add("join", 0, "b", Map.of("name", "Ben", "role", "doctor", "kind", "PARTICIPANT"));
        add("join", 0, "s", Map.of("name", "Spec", "role", "spectator", "kind", "SPECTATOR"));
        add("step_started", 1_000, null, Map.of("step", "handover", "title", "Hand over"));
        add("grab", 1_500, "a", Map.of("entity", "chart"));
        add("release", 2_000, "a", Map.of("entity", "chart"));
        add("grab", 5_000, "b", Map.of("entity", "chart"));
        add("release", 6_000, "b", Map.of("entity", "chart"));
        add("grab", 60_000, "a", Map.of("entity", "chart")); // too late to be a hand-off
        add("chat", 7_000, "a", Map.of("text", "BP is low"));
        add("chat", 9_000, "b", Map.of("text", "Thanks, noted"));
        add("chat", 90_000, "a", Map.of("text", "much later"));
        add("score", 10_000, null, Map.of("points", "-5", "total", "-5", "criterion", "sbar", "participant", "b"));
        add("step_timed_out", 30_000, null, Map.of("step", "handover"));
        add("step_started", 30_000, null, Map.of("step", "handover", "title", "Hand over"));
        add("step_completed", 40_000, null, Map.of("step", "handover", "outcome", "done"));
        add("ended", 41_000, null, Map.of("outcome", "stable"));
        SessionAnalytics a = SessionAnalysis.analyse("s1", "hospital", events,
                new Proximity(Map.of(Proximity.pair("a", "b"), 30_000L), Map.of("a", 30_000L, "b", 30_000L)));

        assertEquals(List.of("a", "b"), a.participants().stream().map(SessionAnalytics.Contribution::id).toList(),
                "spectators are not part of the team");
        InteractionNetwork.Edge tie = a.network().edges().get(0);
        assertEquals(1, tie.handoffs(), "one release then the other's grab within the window");
        assertEquals(1, tie.replies(), "one line answered within the window");
        assertEquals(30_000, tie.nearMillis());
        assertEquals(2, a.steps().size());
        assertEquals("timed_out", a.steps().get(0).outcome());
        assertEquals(29_000, a.steps().get(0).durationMillis());
        assertEquals(2, a.steps().get(0).errors(), "the penalty and the timeout");
        assertEquals(2, a.steps().get(1).attempt());
        assertEquals(-5, a.teamPoints());
        assertEquals(40_000, a.durationMillis(), "from the first step to the end");
        assertEquals(1, a.participants().get(1).errors());
        assertEquals(1, a.participants().get(0).handoffsGiven());
        assertTrue(a.balance() > 0.9, "3+2 and 2+1 is fairly even: " + a.balance());
        String csv = AnalyticsCsv.of(List.of(a));
        assertTrue(csv.startsWith(AnalyticsCsv.HEADER));
        assertTrue(csv.contains("tie,s1,a~b,handoffs,1\n"), csv);
        assertTrue(csv.contains("step,s1,handover#1,outcome,timed_out\n"), csv);
    }

    @Test
    void oneVoiceIsUneven() {
        List<SessionAnalytics.Contribution> people = List.of(
                new SessionAnalytics.Contribution("a", "A", "r", 10, 0, 0, 0, 0, 0),
                new SessionAnalytics.Contribution("b", "B", "r", 0, 0, 0, 0, 0, 0));
        assertEquals(0.0, SessionAnalysis.evenness(people), 1e-9);
        assertEquals("'=cmd()", AnalyticsCsv.field("=cmd()"), "no spreadsheet formulas from chat or names");
    }
}
