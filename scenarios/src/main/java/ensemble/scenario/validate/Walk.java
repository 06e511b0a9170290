package ensemble.scenario.validate;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.Trigger;

import java.util.List;
import java.util.Optional;

/** Visits every condition (nested ones too) and action of a scenario, saying where each one is. */
final class Walk {

    /**
     * Where a condition or action sits: in a step (and maybe a task of it) or a trigger.
     * {@code hasActor} is false where no participant's event caused it (timeouts, timers, injects).
     */
    record Context(Optional<Step> step, Optional<Step.Task> task, Optional<Trigger> trigger, boolean hasActor) {
    }

    interface Visitor {
        default void condition(Condition c, Context where) {
        }

        default void action(Action a, Context where) {
        }
    }

    private Walk() {
    }

    static void scenario(Scenario s, Visitor v) {
        for (Step step : s.steps()) {
            Context inStep = new Context(Optional.of(step), Optional.empty(), Optional.empty(), true);
            step.completeWhen().ifPresent(c -> condition(c, inStep, v));
            step.branches().forEach(b -> condition(b.when(), inStep, v));
            actions(step.onComplete(), inStep, v);
            actions(step.onTimeout(), new Context(Optional.of(step), Optional.empty(), Optional.empty(), false), v);
            for (Step.Task task : step.allTasks()) {
                Context inTask = new Context(Optional.of(step), Optional.of(task), Optional.empty(), true);
                condition(task.completeWhen(), inTask, v);
                actions(task.onComplete(), inTask, v);
            }
        }
        for (Trigger t : s.triggers()) {
            boolean actor = t.when().isPresent() && t.afterMs() == 0 && t.injectLabel().isEmpty();
            Context inTrigger = new Context(Optional.empty(), Optional.empty(), Optional.of(t), actor);
            t.when().ifPresent(c -> condition(c, inTrigger, v));
            actions(t.actions(), inTrigger, v);
        }
    }

    static void condition(Condition c, Context where, Visitor v) {
        v.condition(c, where);
        if (c instanceof Condition.All all) {
            all.of().forEach(x -> condition(x, where, v));
        } else if (c instanceof Condition.Any any) {
            any.of().forEach(x -> condition(x, where, v));
        } else if (c instanceof Condition.Not not) {
            condition(not.of(), where, v);
        } else if (c instanceof Condition.Count count) {
            condition(count.of(), where, v);
        }
    }

    /** Visits the actions, and inside if and random the conditions and actions they hold. */
    static void actions(List<Action> actions, Context where, Visitor v) {
        for (Action a : actions) {
            v.action(a, where);
            if (a instanceof Action.If branch) {
                condition(branch.when(), where, v);
                actions(branch.then(), where, v);
                actions(branch.otherwise(), where, v);
            } else if (a instanceof Action.Random random) {
                random.choices().forEach(choice -> actions(choice.actions(), where, v));
            }
        }
    }
}
