package ensemble.scenario.validate;

import ensemble.scenario.model.Exits;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.Trigger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The step graph: which steps the first one can lead to (through completion, branches, time-outs,
 * goto actions and triggers; facilitator jumps do not count), whether an ending is reachable, and
 * steps that can never end. Runs after {@link ReferenceCheck} found every id known.
 */
final class FlowCheck {

    /** The node standing for "the scenario has ended". */
    static final String END = "\u0000end";

    private FlowCheck() {
    }

    static void run(Scenario s, Report report) {
        Map<String, Set<String>> edges = edges(s);
        boolean stuck = false;
        for (Step step : s.steps()) {
            if (!canComplete(step) && step.timeLimitMs() == 0 && triggerExits(s, step).isEmpty()) {
                stuck = true;
                report.error(step.pos(), "step '" + step.id() + "' never ends: it has no complete_when, tasks or "
                        + "time_limit, and no trigger leaves it");
            }
        }
        Set<String> reachable = reach(s.steps().get(0).id(), edges);
        reportUnreachable(s, reachable, report);
        if (stuck) {
            return; // a step that never ends is the reason endings are unreachable; say it once
        }
        if (!reachable.contains(END)) {
            report.error(s.steps().get(0).pos(), "no ending is reachable from the first step '" + s.steps().get(0).id()
                    + "': every path loops (add an end action, or let the last step complete)");
            return;
        }
        for (Step step : s.steps()) {
            if (reachable.contains(step.id()) && !reach(step.id(), edges).contains(END)) {
                report.error(step.pos(), "no ending is reachable once step '" + step.id() + "' starts");
            }
        }
    }

    private static void reportUnreachable(Scenario s, Set<String> reachable, Report report) {
        for (Step step : s.steps()) {
            if (!reachable.contains(step.id())) {
                report.warning(step.pos(), "step '" + step.id() + "' is unreachable from the first step '"
                        + s.steps().get(0).id() + "' (only a facilitator could jump to it)");
            }
        }
    }

    /** Where each step can lead: step ids, or {@link #END}. */
    static Map<String, Set<String>> edges(Scenario s) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Step step : s.steps()) {
            Set<String> to = new LinkedHashSet<>();
            if (canComplete(step)) {
                Exits exits = Exits.of(step.onComplete());
                to.addAll(targets(exits));
                if (exits.mayFallThrough()) {
                    step.branches().forEach(b -> to.add(target(b.exit())));
                    to.add(defaultNext(s, step));
                }
            }
            if (step.timeLimitMs() > 0) {
                Exits exits = Exits.of(step.onTimeout());
                to.addAll(targets(exits));
                if (exits.mayFallThrough()) {
                    to.add(defaultNext(s, step));
                }
            }
            step.allTasks().forEach(t -> to.addAll(targets(Exits.of(t.onComplete()))));
            to.addAll(triggerExits(s, step));
            out.put(step.id(), to);
        }
        return out;
    }

    static boolean canComplete(Step step) {
        return step.completes();
    }

    /** The step after {@code step} when no branch or action says otherwise. */
    static String defaultNext(Scenario s, Step step) {
        if (step.next().isPresent()) {
            return step.next().get().id();
        }
        return s.stepAfter(step).map(Step::id).orElse(END);
    }

    /** The steps (or {@link #END}) an action list may jump to. */
    static Set<String> targets(Exits exits) {
        Set<String> out = new LinkedHashSet<>();
        exits.gotos().forEach(g -> out.add(g.step().id()));
        if (!exits.ends().isEmpty()) {
            out.add(END);
        }
        return out;
    }

    static String target(Step.Exit exit) {
        return exit instanceof Step.Exit.ToStep to ? to.step().id() : END;
    }

    private static Set<String> triggerExits(Scenario s, Step step) {
        Set<String> out = new HashSet<>();
        for (Trigger t : s.triggers()) {
            boolean active = t.during().isEmpty() || t.during().stream().anyMatch(d -> d.id().equals(step.id()));
            if (active) {
                out.addAll(targets(Exits.of(t.actions())));
            }
        }
        return out;
    }

    private static Set<String> reach(String from, Map<String, Set<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(from);
        seen.add(from);
        while (!todo.isEmpty()) {
            for (String next : edges.getOrDefault(todo.poll(), Set.of())) {
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }
}
