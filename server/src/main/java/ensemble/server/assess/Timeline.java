package ensemble.server.assess;

import ensemble.server.store.EventRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session's events as a timeline for the report and the review page: offset from the start,
 * tick, type, actor, and a one-line summary. Feedback is left out (the report aggregates it).
 */
final class Timeline {
    /** Most timeline entries in a report; a longer session keeps its first ones and says so. */
    static final int MAX_ENTRIES = 5000;
    private static final Set<String> HIDDEN = Set.of("feedback");

    private Timeline() {
    }

    static Map<String, Object> evaluate(ReportContext context, Map<String, Map<String, String>> people) {
        List<Map<String, Object>> entries = new ArrayList<>();
        int skipped = 0;
        for (EventRecord e : context.events()) {
            if (HIDDEN.contains(e.type())) {
                continue;
            }
            if (entries.size() >= MAX_ENTRIES) {
                skipped++;
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("atMs", context.offset(e.wallMillis()));
            row.put("tick", e.tick());
            row.put("type", e.type());
            row.put("actor", e.actor());
            row.put("actorName", people.getOrDefault(e.actor(), Map.of()).getOrDefault("name", e.actor()));
            row.put("summary", summary(e));
            entries.add(row);
        }
        return Map.of("entries", entries, "truncated", skipped);
    }

    static String summary(EventRecord e) {
        Map<String, String> d = e.data();
        return switch (e.type()) {
            case "step_started" -> "step " + d.getOrDefault("step", "") + " started";
            case "step_completed" -> "step " + d.getOrDefault("step", "") + " completed";
            case "step_timed_out" -> "step " + d.getOrDefault("step", "") + " timed out";
            case "task_completed" -> "task " + d.getOrDefault("task", "") + " done";
            case "score" -> d.getOrDefault("points", "0") + " points for " + d.getOrDefault("criterion", "")
                    + (d.getOrDefault("reason", "").isEmpty() ? "" : ": " + d.get("reason"));
            case "chat" -> "said \u201c" + d.getOrDefault("text", "") + "\u201d";
            case "grab", "release" -> e.type() + " " + d.getOrDefault("entity", "");
            case "use" -> "used " + d.getOrDefault("entity", "") + (d.containsKey("action") ? " (" + d.get("action") + ")" : "");
            case "facilitator" -> "facilitator: " + d.getOrDefault("command", "") + " " + d.getOrDefault("target", "");
            case "ended" -> "ended: " + d.getOrDefault("outcome", "");
            case "message" -> "message: " + d.getOrDefault("text", "");
            case "trigger" -> "trigger " + d.getOrDefault("trigger", "");
            case "variable" -> d.getOrDefault("name", "") + " = " + d.getOrDefault("value", "");
            case "join" -> "joined as " + d.getOrDefault("role", "");
            case "leave" -> "left" + (d.containsKey("reason") ? ": " + d.get("reason") : "");
            default -> e.type() + (d.containsKey("entity") ? " " + d.get("entity") : "");
        };
    }
}
