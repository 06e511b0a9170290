package ensemble.scenario.runtime;

import ensemble.scenario.model.Trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trigger while it is armed: its scope (latched events, arming time) and its timer. A condition
 * trigger fires when the condition becomes true (not on every tick it stays true); with a timer
 * too, not before {@code after} has passed.
 */
final class ArmedTrigger {

    final Trigger trigger;
    Scope scope;
    private long nextTimerMs;
    private boolean spent;
    private boolean wasTrue;

    ArmedTrigger(Trigger trigger, long armedAtMs) {
        this.trigger = trigger;
        this.scope = newScope(armedAtMs);
        this.nextTimerMs = armedAtMs + trigger.afterMs();
    }

    /** A trigger as a checkpoint left it: its timer and whether it is spent. */
    ArmedTrigger(Trigger trigger, long armedAtMs, long nextTimerMs, boolean spent) {
        this(trigger, armedAtMs);
        this.nextTimerMs = nextTimerMs;
        this.spent = spent;
    }

    long nextTimerMs() {
        return nextTimerMs;
    }

    boolean spent() {
        return spent;
    }

    private Scope newScope(long atMs) {
        List<ensemble.scenario.model.Condition> watched = new ArrayList<>();
        trigger.when().ifPresent(watched::add);
        watched.addAll(Scope.conditionsIn(trigger.actions()));
        return new Scope(atMs, watched);
    }

    /** Records a facilitator's inject: a once-trigger is spent by it; timers keep their schedule. */
    void injected() {
        if (trigger.once()) {
            spent = true;
        }
    }

    /** Whether it should fire now, given whether its condition holds (true when it has none). */
    boolean due(long scenarioMs, boolean conditionHolds) {
        if (spent) {
            return false;
        }
        boolean timed = trigger.afterMs() > 0;
        boolean automatic = timed || trigger.when().isPresent();
        if (!automatic) {
            return false; // inject only
        }
        if (timed && scenarioMs < nextTimerMs) {
            return false;
        }
        if (trigger.when().isPresent()) {
            boolean rising = conditionHolds && !wasTrue;
            wasTrue = conditionHolds;
            return rising;
        }
        return true;
    }

    /** Records a firing at {@code scenarioMs}: spends a once-trigger, schedules the next repeat. */
    void fired(long scenarioMs) {
        if (trigger.once()) {
            spent = true;
            return;
        }
        if (trigger.everyMs() > 0) {
            nextTimerMs = Math.max(nextTimerMs + trigger.everyMs(), scenarioMs);
        } else if (trigger.afterMs() > 0) {
            spent = true;
        }
        if (trigger.when().isPresent()) {
            scope = newScope(scenarioMs);
            wasTrue = true;
        }
    }

    Optional<String> kind() {
        return Optional.of(trigger.when().isPresent() ? "condition" : "timer");
    }
}
