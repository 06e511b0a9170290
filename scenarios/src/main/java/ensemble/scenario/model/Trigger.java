package ensemble.scenario.model;

import java.util.List;
import java.util.Optional;

/**
 * Actions that fire outside the step flow: on a timer ({@code afterMs}, repeating every
 * {@code everyMs}), when a condition holds, or when a facilitator injects it. A trigger is armed
 * when the scenario starts, or, with {@code during}, each time one of those steps starts; timers
 * and event conditions count from that moment.
 *
 * @param afterMs     0 when the trigger has no timer
 * @param everyMs     0 when it does not repeat
 * @param injectLabel text the facilitator console shows; empty when facilitators are not offered it
 * @param once        whether it fires at most once per arming
 */
public record Trigger(String id, Optional<Condition> when, long afterMs, long everyMs,
                      Optional<String> injectLabel, List<Ref> during, boolean once,
                      List<Action> actions, SourcePos pos) {
}
