package ensemble.scenario.simulate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Action;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Step;

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
 * explored again. A scenario with {@code random} actions has each sequence played with
 * {@link ScenarioLimits#SIM_RANDOM_SEEDS} seeds. Bounded by {@link ScenarioLimits#SIM_MAX_PLAYS}
 * and {@link ScenarioLimits#SIM_MAX_STEPS_PER_PLAY}.
 */
public final class Simulator {

    private Simulator() {
    }

    /** A choice sequence to play, with the seed of its random draws. */
    private record Path(List<Integer> choices, long seed) {
    }

    public static SimulationReport run(Scenario s) {
        int seeds = drawsAtRandom(s) ? ScenarioLimits.SIM_RANDOM_SEEDS : 1;
        Deque<Path> todo = new ArrayDeque<>();
        for (int seed = 0; seed < seeds; seed++) {
            todo.add(new Path(List.of(), seed));
        }
        Set<String> seen = new HashSet<>();
        Map<String, Integer> endings = new TreeMap<>();
        Map<String, Integer> stalled = new TreeMap<>();
        Set<String> reached = new HashSet<>();
        Tried tried = new Tried();
        List<String> stopped = new ArrayList<>();
        int plays = 0;
        int continued = 0;
        int merged = 0;
        int tooLong = 0;
        while (!todo.isEmpty() && plays < ScenarioLimits.SIM_MAX_PLAYS) {
            Path path = todo.poll();
            plays++;
            Play play = new Play(s, path.seed());
            boolean moved = true;
            String lastStep = null;
            String lastPlan = null;
            for (int choice : path.choices()) {
                Step step = play.currentStep().orElseThrow();
                lastStep = step.id();
                lastPlan = Plans.forStep(s, step).get(choice).label();
                moved = play.choose(Plans.forStep(s, step).get(choice));
            }
            reached.addAll(play.stepsStarted);
            if (lastStep != null) {
                tried.record(lastStep, lastPlan, moved);
            }
            if (!moved) {
                stalled.merge("at step '" + lastStep + "' trying to " + lastPlan + ": nothing happened in "
                        + ScenarioLimits.SIM_MAX_WAIT_MS / 60_000 + " simulated minutes", 1, Integer::sum);
            } else if (play.ended()) {
                String outcome = play.runtime.outcome().orElse("");
                endings.merge(outcome, 1, Integer::sum);
                if (outcome.startsWith("stopped:")) {
                    stopped.add(outcome);
                }
            } else if (path.choices().size() >= ScenarioLimits.SIM_MAX_STEPS_PER_PLAY) {
                tooLong++;
            } else if (!seen.add(path.seed() + "|" + play.key())) {
                merged++;
            } else {
                continued++;
                Step step = play.currentStep().orElseThrow();
                int options = Plans.forStep(s, step).size();
                for (int i = 0; i < options; i++) {
                    List<Integer> next = new ArrayList<>(path.choices());
                    next.add(i);
                    todo.add(new Path(List.copyOf(next), path.seed()));
                }
            }
        }
        boolean exhausted = todo.isEmpty();
        List<Diagnostic> diagnostics = diagnose(s, endings, reached, tried, stopped, exhausted);
        return new SimulationReport(plays, endings, continued, merged, tooLong, stalled, todo.size(), seeds, reached,
                exhausted, diagnostics);
    }

    /** Which plans were tried at each step, and which of them moved the run on. */
    static final class Tried {
        final Map<String, Set<String>> tried = new HashMap<>();
        final Map<String, Set<String>> moved = new HashMap<>();

        void record(String step, String plan, boolean didMove) {
            tried.computeIfAbsent(step, k -> new HashSet<>()).add(plan);
            if (didMove) {
                moved.computeIfAbsent(step, k -> new HashSet<>()).add(plan);
            }
        }

        boolean triedAny(String step) {
            return tried.containsKey(step);
        }

        boolean movedAny(String step) {
            return moved.containsKey(step);
        }
    }

    private static List<Diagnostic> diagnose(Scenario s, Map<String, Integer> endings, Set<String> reached,
                                             Tried tried, List<String> stopped, boolean exhausted) {
        List<Diagnostic> out = new ArrayList<>();
        String bound = exhausted ? "" : " (exploration stopped at its bound)";
        NeverReached why = new NeverReached(s, reached, tried);
        for (Step step : s.steps()) {
            if (!reached.contains(step.id())) {
                out.add(Diagnostic.warning(s.file(), step.pos(), "simulation never reached step '" + step.id() + "'"
                        + why.step(step) + bound));
            } else if (tried.triedAny(step.id()) && !tried.movedAny(step.id())) {
                out.add(Diagnostic.warning(s.file(), step.pos(), "simulation could not get past step '" + step.id()
                        + "': no simulated choice completed it, timed it out or left it"));
            }
        }
        declaredEndings(s).forEach((outcome, end) -> {
            if (!endings.containsKey(outcome)) {
                out.add(Diagnostic.warning(s.file(), end.pos(), "simulation never reached ending '" + outcome + "'"
                        + why.ending(end) + bound));
            }
        });
        if (endings.isEmpty()) {
            out.add(Diagnostic.error(s.file(), s.steps().get(0).pos(), "simulation never reached an ending" + bound));
        }
        for (String reason : new HashSet<>(stopped)) {
            out.add(Diagnostic.warning(s.file(), s.steps().get(0).pos(), "simulation " + reason));
        }
        return out;
    }

    /** Where an ending is written: its position, and the step it belongs to (empty for a trigger). */
    record Ending(SourcePos pos, String stepId, String where) {
    }

    /** Every outcome an end action or branch names, and "completed" when the last step can fall through. */
    static Map<String, Ending> declaredEndings(Scenario s) {
        Map<String, Ending> out = new LinkedHashMap<>();
        for (Step step : s.steps()) {
            for (Step.Branch b : step.branches()) {
                if (b.exit() instanceof Step.Exit.ToEnd end) {
                    out.putIfAbsent(end.outcome(), new Ending(end.pos(), step.id(), "a branch of step '" + step.id() + "'"));
                }
            }
            ends(step.onComplete(), step.id(), "on_complete of step '" + step.id() + "'", out);
            ends(step.onTimeout(), step.id(), "on_timeout of step '" + step.id() + "'", out);
            step.allTasks().forEach(t -> ends(t.onComplete(), step.id(), "on_complete of task '" + t.id() + "'", out));
        }
        s.triggers().forEach(t -> ends(t.actions(), "", "trigger '" + t.id() + "'", out));
        Step last = s.steps().get(s.steps().size() - 1);
        boolean completes = last.completes()
                && ensemble.scenario.model.Exits.of(last.onComplete()).mayFallThrough();
        boolean times = last.timeLimitMs() > 0 && ensemble.scenario.model.Exits.of(last.onTimeout()).mayFallThrough();
        if (last.next().isEmpty() && (completes || times)) {
            out.putIfAbsent("completed", new Ending(last.pos(), last.id(), "the last step '" + last.id() + "' finishing"));
        }
        return out;
    }

    private static void ends(List<Action> actions, String stepId, String where, Map<String, Ending> out) {
        for (Action a : Plans.flatten(actions)) {
            if (a instanceof Action.End end) {
                out.putIfAbsent(end.outcome(), new Ending(end.pos(), stepId, where));
            }
        }
    }

    private static boolean drawsAtRandom(Scenario s) {
        return Plans.actionLists(s).stream().flatMap(list -> Plans.flatten(list).stream())
                .anyMatch(a -> a instanceof Action.Random);
    }
}
