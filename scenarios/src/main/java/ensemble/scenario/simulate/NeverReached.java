package ensemble.scenario.simulate;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Exits;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.Trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Says why the simulation never reached a step or an ending: for each way in (a branch, a goto, a
 * step completing or timing out, a trigger), whether the step it leaves was never reached, the
 * simulated people never tried that way, tried it and nothing happened (a condition they cannot
 * make hold), or took it and an if, a random draw or an earlier goto led elsewhere.
 */
final class NeverReached {

    /** Most ways in named in one message. */
    private static final int MOST = 3;

    /** A way into a step: from which step, by which simulator plans, described for people. */
    private record Entrance(Step from, List<String> plans, String what) {
    }

    private final Scenario s;
    private final Set<String> reached;
    private final Simulator.Tried tried;

    NeverReached(Scenario s, Set<String> reached, Simulator.Tried tried) {
        this.s = s;
        this.reached = reached;
        this.tried = tried;
    }

    /** ": it is entered by ... (why not)", or an empty string when nothing explains it. */
    String step(Step target) {
        List<Entrance> ways = entrances(target.id());
        if (ways.isEmpty()) {
            return ": nothing leads to it (only a facilitator can jump there)";
        }
        List<String> reasons = new ArrayList<>();
        for (Entrance e : ways.subList(0, Math.min(MOST, ways.size()))) {
            reasons.add(e.what() + " (" + why(e) + ")");
        }
        return ": it is entered by " + String.join("; ", reasons) + (ways.size() > MOST ? "; ..." : "");
    }

    String ending(Simulator.Ending end) {
        if (end.stepId().isEmpty()) {
            return ": it is in " + end.where() + ", which never ran it";
        }
        Step step = s.step(end.stepId()).orElseThrow();
        List<String> plans = end.where().startsWith("a branch") ? List.of("branch to end: " + outcomeAt(end))
                : end.where().startsWith("on_timeout") ? List.of("time out") : completions(step);
        return ": it is in " + end.where() + " (" + why(new Entrance(step, plans, end.where())) + ")";
    }

    private String outcomeAt(Simulator.Ending end) {
        return Simulator.declaredEndings(s).entrySet().stream().filter(e -> e.getValue().equals(end))
                .map(java.util.Map.Entry::getKey).findFirst().orElse("");
    }

    private String why(Entrance e) {
        String from = e.from().id();
        if (!reached.contains(from)) {
            return "step '" + from + "' was never reached";
        }
        Set<String> triedHere = tried.tried.getOrDefault(from, Set.of());
        Set<String> movedHere = tried.moved.getOrDefault(from, Set.of());
        if (e.plans().stream().anyMatch(movedHere::contains)) {
            return "taken, but an earlier branch, an if, a random draw or a goto led elsewhere";
        }
        if (e.plans().stream().anyMatch(triedHere::contains)) {
            return "tried, but its conditions never held: variables, states or scores nothing set that way";
        }
        return "never tried: the simulated people had no way to make it hold";
    }

    private List<String> completions(Step step) {
        List<String> plans = new ArrayList<>(List.of("complete"));
        step.branches().forEach(b -> plans.add(Plans.branchLabel(b)));
        return plans;
    }

    private List<Entrance> entrances(String target) {
        List<Entrance> out = new ArrayList<>();
        for (Step p : s.steps()) {
            String next = p.next().map(r -> r.id()).orElse(s.stepAfter(p).map(Step::id).orElse(""));
            Exits done = Exits.of(p.onComplete());
            boolean completes = p.completes();
            if (completes && leadsTo(done, target)) {
                out.add(new Entrance(p, completions(p), "a goto in on_complete of step '" + p.id() + "'"));
            }
            if (completes && done.mayFallThrough()) {
                for (Step.Branch b : p.branches()) {
                    if (b.exit() instanceof Step.Exit.ToStep to && to.step().id().equals(target)) {
                        out.add(new Entrance(p, List.of(Plans.branchLabel(b)), "the branch of step '" + p.id()
                                + "' at line " + b.pos().line()));
                    }
                }
                if (next.equals(target)) {
                    out.add(new Entrance(p, List.of("complete"), "step '" + p.id() + "' completing"));
                }
            }
            Exits timeout = Exits.of(p.onTimeout());
            if (p.timeLimitMs() > 0 && (leadsTo(timeout, target) || timeout.mayFallThrough() && next.equals(target))) {
                out.add(new Entrance(p, List.of("time out"), "step '" + p.id() + "' timing out"));
            }
            for (Step.Task t : p.allTasks()) {
                if (leadsTo(Exits.of(t.onComplete()), target)) {
                    out.add(new Entrance(p, List.of("complete"), "task '" + t.id() + "' of step '" + p.id() + "' completing"));
                }
            }
            for (Trigger t : s.triggers()) {
                boolean active = t.during().isEmpty() || t.during().stream().anyMatch(r -> r.id().equals(p.id()));
                if (active && leadsTo(Exits.of(t.actions()), target)) {
                    out.add(new Entrance(p, List.of("inject " + t.id(), "trigger " + t.id()),
                            "trigger '" + t.id() + "' during step '" + p.id() + "'"));
                }
            }
        }
        return out;
    }

    private static boolean leadsTo(Exits exits, String target) {
        return exits.gotos().stream().map(Action.GotoStep::step).anyMatch(r -> r.id().equals(target));
    }
}
