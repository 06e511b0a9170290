package ensemble.scenario.simulate;

import ensemble.scenario.Diagnostic;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulator found: how many plays it ran, how often each ending was reached, which
 * steps were reached, and the problems (unreached steps and endings, steps nobody gets past).
 *
 * @param exhausted false when the exploration stopped at its bound before trying every choice
 */
public record SimulationReport(int plays, Map<String, Integer> endings, Set<String> stepsReached,
                               boolean exhausted, List<Diagnostic> diagnostics) {

    /** One line for people: "12 plays, endings: evacuated 3, injured 2". */
    public String summary() {
        StringBuilder sb = new StringBuilder(plays + (plays == 1 ? " play" : " plays") + ", endings: ");
        if (endings.isEmpty()) {
            sb.append("none");
        }
        sb.append(String.join(", ", endings.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        if (!exhausted) {
            sb.append(" (stopped at the exploration bound)");
        }
        return sb.toString();
    }
}
