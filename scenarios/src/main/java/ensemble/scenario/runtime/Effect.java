package ensemble.scenario.runtime;

import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Vec3;

import java.util.Map;
import java.util.Optional;

/**
 * What the runtime decided, for the caller to apply to its world, broadcast to clients and append
 * to the session's event log, in the order given. Times are the caller's: stamp them with the tick.
 */
public sealed interface Effect {

    /** Who receives a message. */
    sealed interface Audience {
        record Everyone() implements Audience {
        }

        record Role(String roleId) implements Audience {
        }

        record Participant(String participantId) implements Audience {
        }
    }

    /** Who points go to: a participant (and through them their role and the team), a role (and the team), the team. */
    sealed interface ScoreTarget {
        record Team() implements ScoreTarget {
        }

        record Role(String roleId) implements ScoreTarget {
        }

        record Participant(String participantId, String roleId) implements ScoreTarget {
        }
    }

    /**
     * A step began. {@code instructions} maps each role id to what its participants see (the
     * step's text and their tasks); {@code timeLimitMs} is 0 without a limit.
     */
    record StepStarted(String stepId, String title, Map<String, String> instructions, long timeLimitMs) implements Effect {
    }

    /** A step ended; {@code outcome} is "completed", "timed_out" or "skipped" (facilitator jump). */
    record StepCompleted(String stepId, String outcome) implements Effect {
    }

    record StepTimedOut(String stepId) implements Effect {
    }

    /**
     * What a role is asked to do changed within the step (one of its tracks moved on to its next
     * task); {@code text} replaces that role's instructions.
     */
    record InstructionsChanged(String stepId, String roleId, String text) implements Effect {
    }

    /** A task of the current step was done, by {@code participantId} when known. */
    record TaskCompleted(String stepId, String taskId, Optional<String> participantId) implements Effect {
    }

    /**
     * A {@code random} action picked {@code choice} (0-based) of its {@code choices}; the run has now
     * made {@code draws} draws (what a takeover needs to draw on from the same point).
     */
    record RandomDrawn(int choice, int choices, long draws) implements Effect {
    }

    /** A trigger fired: "timer", "condition", or the facilitator who injected it. */
    record TriggerFired(String triggerId, String by) implements Effect {
    }

    record Message(String text, Audience audience) implements Effect {
    }

    record Spawn(Entity entity, Vec3 position) implements Effect {
    }

    record Despawn(String entityId) implements Effect {
    }

    record Move(String entityId, Vec3 position) implements Effect {
    }

    record SetState(String entityId, String state) implements Effect {
    }

    record SetVariable(String name, Value value) implements Effect {
    }

    /** Points applied (after capping at the criterion's maximum) and the target's new total. */
    record Score(ScoreTarget target, int points, String criterionId, String reason, int total) implements Effect {
    }

    record Sound(String sound, Optional<String> atEntityId) implements Effect {
    }

    record Highlight(String entityId, boolean on) implements Effect {
    }

    record Paused() implements Effect {
    }

    record Resumed() implements Effect {
    }

    /** Everything starts over: rebuild the world from the scenario (the next effects start it). */
    record Reset() implements Effect {
    }

    record Ended(String outcome) implements Effect {
    }

    /** A facilitator command that could not be applied (unknown step, not running, ...). */
    record Rejected(String reason) implements Effect {
    }
}
