package ensemble.server.xapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.server.store.EventId;
import ensemble.server.store.EventRecord;
import ensemble.server.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Statements from a known history: the verbs, the pseudonyms, stable ids, and validity per the library. */
class XapiStatementsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SessionFacts FACTS = new SessionFacts("s1", UUID.fromString("0b0f4c1e-5a8e-4f43-9a2c-0e6f0c3d1a10"),
            "office-fire-evacuation", "1.0.0", "Office fire", 10, 30, "facilitator");
    final XapiStatements statements = new XapiStatements(LrsSettings.DEFAULT_IRI_BASE, "a-key-of-sixteen-chars");

    static List<StoredEvent> history() {
        List<StoredEvent> events = new ArrayList<>();
        long t = 1_700_000_000_000L;
        add(events, "join", t, "p1", Map.of("name", "Wanda", "role", "warden", "kind", "PARTICIPANT"));
        add(events, "join", t + 100, "p2", Map.of("name", "Emil", "role", "employee", "kind", "PARTICIPANT"));
        add(events, "join", t + 150, "spec", Map.of("name", "Sam", "role", "spectator", "kind", "SPECTATOR"));
        add(events, "facilitator", t + 200, "facilitator", Map.of("command", "start", "target", "", "text", ""));
        add(events, "step_started", t + 200, null, Map.of("step", "discover", "title", "Raise the alarm"));
        add(events, "chat", t + 1_000, "p1", Map.of("text", "Fire! Everybody out!"));
        add(events, "score", t + 1_000, null, Map.of("points", "10", "total", "10", "criterion", "alarm",
                "reason", "raised the alarm", "participant", "p1", "role", "warden"));
        add(events, "grab", t + 1_500, "p2", Map.of("entity", "extinguisher", "hand", "right"));
        add(events, "step_completed", t + 2_000, null, Map.of("step", "discover", "outcome", "done"));
        add(events, "step_started", t + 2_000, null, Map.of("step", "evacuate", "title", "Evacuate"));
        add(events, "step_timed_out", t + 62_000, null, Map.of("step", "evacuate"));
        add(events, "ended", t + 63_000, null, Map.of("outcome", "evacuated"));
        return events;
    }

    static void add(List<StoredEvent> events, String type, long at, String actor, Map<String, String> data) {
        events.add(new StoredEvent(new EventId(events.size() + 1), new EventRecord(type, events.size() * 10L, at, actor, data)));
    }

    @Test
    void aHistoryBecomesTheExpectedStatements() throws Exception {
        List<XapiStatements.Statement> list = statements.convert(FACTS, history());
        List<String> verbs = new ArrayList<>();
        for (XapiStatements.Statement s : list) {
            JsonNode json = JSON.readTree(s.json());
            verbs.add(json.at("/verb/display/en-US").asText() + ":" + json.at("/object/id").asText()
                    .replace(LrsSettings.DEFAULT_IRI_BASE + "/scenarios/office-fire-evacuation", "~"));
            assertEquals(FACTS.registration().toString(), json.at("/context/registration").asText());
            assertEquals("Group", json.at("/context/team/objectType").asText());
            assertTrue(json.at("/context/instructor/account/name").asText().matches("[0-9a-f]{64}"));
            assertFalse(s.json().contains("Wanda") || s.json().contains("\"p1\""), "no names or raw ids: " + s.json());
        }
        assertEquals(List.of("launched:~", "launched:~", "initialized:~", "initialized:~", "commented:~/steps/discover",
                "scored:~/steps/discover", "interacted:~/entities/extinguisher", "completed:~/steps/discover",
                "failed:~/steps/evacuate", "completed:~", "passed:~", "completed:~", "passed:~"), verbs);
        JsonNode passed = JSON.readTree(list.get(10).json());
        assertEquals(10, passed.at("/result/score/raw").asInt());
        assertEquals("PT1M2.8S", passed.at("/result/duration").asText(), "from the first step to the end");
        assertEquals(statements.pseudonym("p1"), JSON.readTree(list.get(0).json()).at("/actor/account/name").asText());
    }

    @Test
    void statementIdsAreStableWhenTheHistoryGrows() {
        List<StoredEvent> all = history();
        List<XapiStatements.Statement> early = statements.convert(FACTS, all.subList(0, 7));
        List<XapiStatements.Statement> late = statements.convert(FACTS, all);
        assertEquals(early, late.subList(0, early.size()), "the same events give the same statements");
        assertEquals(late.size(), late.stream().map(XapiStatements.Statement::id).distinct().count(), "ids are unique");
    }

    @Test
    void everyStatementIsValidXapiAndABrokenOneIsNot() throws Exception {
        List<String> json = new ArrayList<>(statements.convert(FACTS, history()).stream().map(XapiStatements.Statement::json).toList());
        json.add(json.get(0).replace("\"objectType\":\"Agent\",\"account\"", "\"objectType\":\"Agent\",\"mbox\":\"bob\",\"account\""));
        List<List<String>> report = XapiValidator.validate(json);
        for (int i = 0; i < json.size() - 1; i++) {
            assertEquals(List.of(), report.get(i), "statement " + i + " is valid: " + json.get(i));
        }
        assertFalse(report.get(json.size() - 1).isEmpty(), "the validator catches a bad mbox (so this test can fail)");
    }
}
