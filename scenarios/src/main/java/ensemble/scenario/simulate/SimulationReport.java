package ensemble.scenario.simulate;

import ensemble.scenario.Diagnostic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulator found, with every play accounted for: each play ended (per outcome), went on
 * to further choices ({@code continued}), reached a point an earlier play had already explored
 * ({@code merged}), got longer than the bound ({@code tooLong}), or stalled (per reason: the step
 * and what was tried there, when nothing happened for the longest simulated wait).
 *
 * @param unexplored choice sequences left untried when the play bound was reached
 * @param seeds      seeds each choice sequence was played with (more than 1 when the scenario
 *                   draws at random)
 * @param exhausted  false when the exploration stopped at its bound before trying every choice
 */
public record SimulationReport(int plays, Map<String, Integer> endings, int continued, int merged, int tooLong,
                               Map<String, Integer> stalled, int unexplored, int seeds, Set<String> stepsReached,
                               boolean exhausted, List<Diagnostic> diagnostics) {

    /**
     * One line for people: "12 plays: ended 5 (evacuated 3, injured 2), went on to further choices 6,
     * stalled 1 (at step 'x' trying to complete: nothing happened in 30 simulated minutes)".
     */
    public String summary() {
        int ended = endings.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        parts.add("ended " + ended + (endings.isEmpty() ? "" : " (" + String.join(", ",
                endings.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()) + ")"));
        if (continued > 0) {
            parts.add("went on to further choices " + continued);
        }
        if (merged > 0) {
            parts.add("reached a point already explored " + merged);
        }
        if (tooLong > 0) {
            parts.add("longer than the step bound " + tooLong);
        }
        if (!stalled.isEmpty()) {
            int n = stalled.values().stream().mapToInt(Integer::intValue).sum();
            parts.add("stalled " + n + " (" + String.join("; ",
                    stalled.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : "")).toList()) + ")");
        }
        StringBuilder sb = new StringBuilder(plays + (plays == 1 ? " play" : " plays") + ": " + String.join(", ", parts));
        if (seeds > 1) {
            sb.append("; random choices sampled with ").append(seeds).append(" seeds per path");
        }
        if (!exhausted) {
            sb.append(" (stopped at the exploration bound, ").append(unexplored).append(" choice sequences untried)");
        }
        return sb.toString();
    }
}
