package ensemble.scenario.simulate;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Exits;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.Trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The choices simulated participants have while a step runs: satisfy the step (one way per branch
 * and per alternative of its conditions), wait out its time limit, or set off a trigger that
 * leaves the step (by its condition, or as a facilitator inject).
 */
final class Plans {

    /** Most alternatives kept when expanding one condition into ways of satisfying it. */
    static final int MAX_TERMS = 16;

    /** One choice: the conditions to satisfy (in order), or a trigger to inject, or just waiting. */
    record Plan(String label, List<Condition> satisfy, Optional<String> inject) {
    }

    private Plans() {
    }

    static List<Plan> forStep(Scenario s, Step step) {
        List<Plan> out = new ArrayList<>();
        List<Condition> base = new ArrayList<>();
        step.allTasks().forEach(t -> base.add(t.completeWhen()));
        step.completeWhen().ifPresent(base::add);
        if (!base.isEmpty()) {
            for (Step.Branch b : step.branches()) {
                List<Condition> withBranch = new ArrayList<>(base);
                withBranch.add(b.when());
                terms(withBranch).forEach(t -> out.add(new Plan(branchLabel(b), t, Optional.empty())));
            }
            terms(base).forEach(t -> out.add(new Plan("complete", t, Optional.empty())));
        }
        if (step.timeLimitMs() > 0) {
            out.add(new Plan("time out", List.of(), Optional.empty()));
        }
        for (Trigger t : s.triggers()) {
            boolean active = t.during().isEmpty() || t.during().stream().anyMatch(r -> r.id().equals(step.id()));
            boolean leaves = Exits.of(t.actions()).mayJump();
            if (active && leaves) {
                if (t.injectLabel().isPresent()) {
                    out.add(new Plan("inject " + t.id(), List.of(), Optional.of(t.id())));
                }
                t.when().ifPresent(w -> terms(List.of(w)).forEach(term ->
                        out.add(new Plan("trigger " + t.id(), term, Optional.empty()))));
            }
        }
        return out;
    }

    /** The label of the plan that takes a branch: "branch to step" or "branch to end: outcome". */
    static String branchLabel(Step.Branch b) {
        return "branch to " + (b.exit() instanceof Step.Exit.ToStep to ? to.step().id()
                : "end: " + ((Step.Exit.ToEnd) b.exit()).outcome());
    }

    /** Every action list of the scenario (steps, tasks, triggers), not looking inside if and random. */
    static List<List<Action>> actionLists(Scenario s) {
        List<List<Action>> lists = new ArrayList<>();
        for (Step step : s.steps()) {
            lists.add(step.onComplete());
            lists.add(step.onTimeout());
            step.allTasks().forEach(t -> lists.add(t.onComplete()));
        }
        s.triggers().stream().map(Trigger::actions).forEach(lists::add);
        return lists;
    }

    /** Every action of {@code actions}, those inside if and random included. */
    static List<Action> flatten(List<Action> actions) {
        List<Action> out = new ArrayList<>();
        for (Action a : actions) {
            out.add(a);
            if (a instanceof Action.If branch) {
                out.addAll(flatten(branch.then()));
                out.addAll(flatten(branch.otherwise()));
            } else if (a instanceof Action.Random random) {
                random.choices().forEach(c -> out.addAll(flatten(c.actions())));
            }
        }
        return out;
    }

    /** Ways to make all of {@code all} hold: the positive leaves of its disjunctive normal form. */
    static List<List<Condition>> terms(List<Condition> all) {
        List<List<Condition>> acc = new ArrayList<>();
        acc.add(List.of());
        for (Condition c : all) {
            acc = product(acc, dnf(c));
        }
        return acc;
    }

    private static List<List<Condition>> dnf(Condition c) {
        if (c instanceof Condition.All all) {
            return terms(all.of());
        }
        if (c instanceof Condition.Any any) {
            List<List<Condition>> out = new ArrayList<>();
            for (Condition x : any.of()) {
                for (List<Condition> t : dnf(x)) {
                    if (out.size() < MAX_TERMS) {
                        out.add(t);
                    }
                }
            }
            return out;
        }
        if (c instanceof Condition.Not) {
            return List.of(List.of()); // simulated people simply do not do it
        }
        return List.of(List.of(c));
    }

    private static List<List<Condition>> product(List<List<Condition>> a, List<List<Condition>> b) {
        List<List<Condition>> out = new ArrayList<>();
        for (List<Condition> x : a) {
            for (List<Condition> y : b) {
                if (out.size() < MAX_TERMS) {
                    List<Condition> t = new ArrayList<>(x);
                    t.addAll(y);
                    out.add(List.copyOf(t));
                }
            }
        }
        return out;
    }
}
