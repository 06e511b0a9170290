package ensemble.server.session;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.scenario.model.Value;
import ensemble.scenario.runtime.ScenarioRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The scenario runtime's snapshot as JSON inside a world checkpoint. Values keep their kind. */
final class RuntimeStateJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON shape: the snapshot with values as {"kind": ..., "value": ...}. */
    record Stored(String status, String stepId, long elapsedMs, long stepElapsedMs,
            Map<String, Map<String, Object>> variables, Map<String, String> entityStates,
            Map<String, Boolean> entityPresent, Set<String> completed, Set<String> tasksDone,
            Map<String, String> roster, Map<String, Integer> participantScores, Map<String, Integer> roleScores,
            Map<String, Integer> criterionScores, int teamScore, List<ScenarioRuntime.ArmedState> armed, String outcome,
            List<Integer> stepCounts, long seed, long draws) {
    }

    private RuntimeStateJson() {
    }

    static String write(ScenarioRuntime.Snapshot s) {
        Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
        s.variables().forEach((name, value) -> variables.put(name, encode(value)));
        Stored stored = new Stored(s.status().name(), s.stepId(), s.elapsedMs(), s.stepElapsedMs(), variables,
                s.entityStates(), s.entityPresent(), s.completed(), s.tasksDone(), s.roster(), s.participantScores(),
                s.roleScores(), s.criterionScores(), s.teamScore(), s.armed(), s.outcome(), s.stepCounts(), s.seed(),
                s.draws());
        try {
            return JSON.writeValueAsString(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScenarioRuntime.Snapshot read(String json) {
        Stored s;
        try {
            s = JSON.readValue(json, new TypeReference<Stored>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("scenario state in the checkpoint does not parse", e);
        }
        Map<String, Value> variables = new LinkedHashMap<>();
        s.variables().forEach((name, value) -> variables.put(name, decode(value)));
        return new ScenarioRuntime.Snapshot(ScenarioRuntime.Status.valueOf(s.status()), s.stepId(), s.elapsedMs(),
                s.stepElapsedMs(), variables, s.entityStates(), s.entityPresent(), s.completed(), s.tasksDone(),
                s.roster(), s.participantScores(), s.roleScores(), s.criterionScores(), s.teamScore(), s.armed(),
                s.outcome(), s.stepCounts(), s.seed(), s.draws());
    }

    private static Map<String, Object> encode(Value value) {
        if (value instanceof Value.Flag flag) {
            return Map.of("kind", "flag", "value", flag.value());
        }
        if (value instanceof Value.Number number) {
            return Map.of("kind", "number", "value", number.value());
        }
        return Map.of("kind", "text", "value", ((Value.Text) value).value());
    }

    private static Value decode(Map<String, Object> stored) {
        Object value = stored.get("value");
        return switch (String.valueOf(stored.get("kind"))) {
            case "flag" -> new Value.Flag((Boolean) value);
            case "number" -> new Value.Number(((Number) value).doubleValue());
            default -> new Value.Text(String.valueOf(value));
        };
    }
}
