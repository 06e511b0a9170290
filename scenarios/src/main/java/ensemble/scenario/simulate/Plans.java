package ensemble.scenario.simulate;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Condition;
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
        step.tasks().forEach(t -> base.add(t.completeWhen()));
        step.completeWhen().ifPresent(base::add);
        if (!base.isEmpty()) {
            for (Step.Branch b : step.branches()) {
                List<Condition> withBranch = new ArrayList<>(base);
                withBranch.add(b.when());
                terms(withBranch).forEach(t -> out.add(new Plan("branch to " + b.target().id(), t, Optional.empty())));
            }
            terms(base).forEach(t -> out.add(new Plan("complete", t, Optional.empty())));
        }
        if (step.timeLimitMs() > 0) {
            out.add(new Plan("time out", List.of(), Optional.empty()));
        }
        for (Trigger t : s.triggers()) {
            boolean active = t.during().isEmpty() || t.during().stream().anyMatch(r -> r.id().equals(step.id()));
            boolean leaves = t.actions().stream().anyMatch(a -> a instanceof Action.GotoStep || a instanceof Action.End);
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
