package ensemble.server.assess;

import ensemble.server.store.EventRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each step as it happened, from the step and end events: when it started and ended, how long it
 * took, the attempt (a step started again after a reset or go-to is a new attempt), how it ended,
 * and the tasks completed in it; plus the errors of the session (time-outs and penalties).
 */
final class StepTimes {
    private StepTimes() {
    }

    static Map<String, Object> evaluate(ReportContext context) {
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Integer> attempts = new LinkedHashMap<>();
        Map<String, Object> open = null;
        long openStart = 0;
        int timeouts = 0;
        int penalties = 0;
        String outcome = null;
        Long endedAt = null;
        for (EventRecord e : context.events()) {
            long at = context.offset(e.wallMillis());
            switch (e.type()) {
                case "step_started" -> {
                    close(open, openStart, at, "left");
                    String step = e.data().getOrDefault("step", "");
                    open = new LinkedHashMap<>();
                    open.put("step", step);
                    open.put("title", e.data().getOrDefault("title", ""));
                    open.put("attempt", attempts.merge(step, 1, Integer::sum));
                    open.put("startedAtMs", at);
                    open.put("startTick", e.tick());
                    open.put("tasks", new ArrayList<Map<String, Object>>());
                    openStart = at;
                    runs.add(open);
                }
                case "step_completed" -> {
                    close(open, openStart, at, e.data().getOrDefault("outcome", "completed").isEmpty() ? "completed"
                            : e.data().getOrDefault("outcome", "completed"));
                    open = null;
                }
                case "step_timed_out" -> {
                    timeouts++;
                    close(open, openStart, at, "timed_out");
                    open = null;
                }
                case "task_completed" -> {
                    if (open != null) {
                        @SuppressWarnings("unchecked")
                        List<Map<String, Object>> tasks = (List<Map<String, Object>>) open.get("tasks");
                        tasks.add(Map.of("task", e.data().getOrDefault("task", ""), "by", e.actor(), "atMs", at));
                    }
                }
                case "score" -> {
                    if (e.data().getOrDefault("points", "0").startsWith("-")) {
                        penalties++;
                    }
                }
                case "ended" -> {
                    close(open, openStart, at, "ended");
                    open = null;
                    outcome = e.data().getOrDefault("outcome", "ended");
                    endedAt = at;
                }
                case "facilitator" -> {
                    if ("end".equals(e.data().get("command")) && outcome == null) {
                        close(open, openStart, at, "ended");
                        open = null;
                        outcome = "ended by the facilitator";
                        endedAt = at;
                    }
                }
                default -> { }
            }
        }
        Map<String, Map<String, Object>> perStep = new LinkedHashMap<>();
        for (Map<String, Object> run : runs) {
            Map<String, Object> s = perStep.computeIfAbsent((String) run.get("step"), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("step", k);
                m.put("title", run.get("title"));
                m.put("attempts", 0);
                m.put("totalMs", 0L);
                m.put("timeouts", 0);
                return m;
            });
            s.put("attempts", (Integer) s.get("attempts") + 1);
            if (run.get("durationMs") instanceof Long d) {
                s.put("totalMs", (Long) s.get("totalMs") + d);
            }
            if ("timed_out".equals(run.get("outcome"))) {
                s.put("timeouts", (Integer) s.get("timeouts") + 1);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", outcome);
        out.put("endedAtMs", endedAt);
        out.put("runs", runs);
        out.put("steps", new ArrayList<>(perStep.values()));
        out.put("errors", Map.of("timeouts", timeouts, "penalties", penalties, "total", timeouts + penalties));
        return out;
    }

    private static void close(Map<String, Object> run, long start, long at, String outcome) {
        if (run != null && !run.containsKey("outcome")) {
            run.put("endedAtMs", at);
            run.put("durationMs", at - start);
            run.put("outcome", outcome);
        }
    }
}
