package ensemble.scenario.simulate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Action;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.Trigger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plays a scenario headless with simulated participants and explores every choice breadth-first:
 * at each step, every way of completing it (per branch and per alternative of its conditions),
 * waiting out its time limit, and every trigger that leaves it. A play is replayed from the start
 * for each choice sequence (the runtime is deterministic), and points already seen are not
 * explored again. Bounded by {@link ScenarioLimits#SIM_MAX_PLAYS} and
 * {@link ScenarioLimits#SIM_MAX_STEPS_PER_PLAY}.
 */
public final class Simulator {

    private Simulator() {
    }

    public static SimulationReport run(Scenario s) {
        Deque<List<Integer>> todo = new ArrayDeque<>();
        todo.add(List.of());
        Set<String> seen = new HashSet<>();
        Map<String, Integer> endings = new TreeMap<>();
        Set<String> reached = new HashSet<>();
        Map<String, Integer> tries = new HashMap<>();
        Map<String, Integer> passes = new HashMap<>();
        List<String> stopped = new ArrayList<>();
        int plays = 0;
        while (!todo.isEmpty() && plays < ScenarioLimits.SIM_MAX_PLAYS) {
            List<Integer> choices = todo.poll();
            plays++;
            Play play = new Play(s);
            boolean moved = true;
            String lastStep = null;
            for (int choice : choices) {
                Step step = play.currentStep().orElseThrow();
                lastStep = step.id();
                moved = play.choose(Plans.forStep(s, step).get(choice));
            }
            reached.addAll(play.stepsStarted);
            if (lastStep != null) {
                tries.merge(lastStep, 1, Integer::sum);
                if (moved) {
                    passes.merge(lastStep, 1, Integer::sum);
                }
            }
            if (!moved) {
                continue;
            }
            if (play.ended()) {
                String outcome = play.runtime.outcome().orElse("");
                endings.merge(outcome, 1, Integer::sum);
                if (outcome.startsWith("stopped:")) {
                    stopped.add(outcome);
                }
                continue;
            }
            if (choices.size() >= ScenarioLimits.SIM_MAX_STEPS_PER_PLAY || !seen.add(play.key())) {
                continue;
            }
            Step step = play.currentStep().orElseThrow();
            int options = Plans.forStep(s, step).size();
            for (int i = 0; i < options; i++) {
                List<Integer> next = new ArrayList<>(choices);
                next.add(i);
                todo.add(List.copyOf(next));
            }
        }
        boolean exhausted = todo.isEmpty();
        return new SimulationReport(plays, endings, reached, exhausted, diagnose(s, endings, reached, tries, passes, stopped, exhausted));
    }

    private static List<Diagnostic> diagnose(Scenario s, Map<String, Integer> endings, Set<String> reached,
                                             Map<String, Integer> tries, Map<String, Integer> passes,
                                             List<String> stopped, boolean exhausted) {
        List<Diagnostic> out = new ArrayList<>();
        String bound = exhausted ? "" : " (exploration stopped at its bound)";
        for (Step step : s.steps()) {
            if (!reached.contains(step.id())) {
                out.add(Diagnostic.warning(s.file(), step.pos(), "simulation never reached step '" + step.id() + "'" + bound));
            } else if (tries.getOrDefault(step.id(), 0) > 0 && passes.getOrDefault(step.id(), 0) == 0) {
                out.add(Diagnostic.warning(s.file(), step.pos(), "simulation could not get past step '" + step.id()
                        + "': no simulated choice completed it, timed it out or left it"));
            }
        }
        declaredEndings(s).forEach((outcome, pos) -> {
            if (!endings.containsKey(outcome)) {
                out.add(Diagnostic.warning(s.file(), pos, "simulation never reached ending '" + outcome + "'" + bound));
            }
        });
        if (endings.isEmpty()) {
            out.add(Diagnostic.error(s.file(), s.steps().get(0).pos(), "simulation never reached an ending" + bound));
        }
        for (String why : new HashSet<>(stopped)) {
            out.add(Diagnostic.warning(s.file(), s.steps().get(0).pos(), "simulation " + why));
        }
        return out;
    }

    /** Every outcome an end action names, and "completed" when the last step can fall through. */
    static Map<String, SourcePos> declaredEndings(Scenario s) {
        Map<String, SourcePos> out = new LinkedHashMap<>();
        List<List<Action>> lists = new ArrayList<>();
        for (Step step : s.steps()) {
            lists.add(step.onComplete());
            lists.add(step.onTimeout());
            step.tasks().forEach(t -> lists.add(t.onComplete()));
        }
        s.triggers().stream().map(Trigger::actions).forEach(lists::add);
        for (List<Action> list : lists) {
            for (Action a : list) {
                if (a instanceof Action.End end) {
                    out.putIfAbsent(end.outcome(), end.pos());
                }
            }
        }
        Step last = s.steps().get(s.steps().size() - 1);
        boolean completes = (last.completeWhen().isPresent() || !last.tasks().isEmpty()) && !jumps(last.onComplete());
        boolean times = last.timeLimitMs() > 0 && !jumps(last.onTimeout());
        if (last.next().isEmpty() && (completes || times)) {
            out.putIfAbsent("completed", last.pos());
        }
        return out;
    }

    private static boolean jumps(List<Action> actions) {
        return actions.stream().anyMatch(a -> a instanceof Action.GotoStep || a instanceof Action.End);
    }

}
