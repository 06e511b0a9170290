package ensemble.scenario.model;

import java.util.List;
import java.util.Optional;

/**
 * Something the scenario does: run in order from {@code on_complete}, {@code on_timeout}, a
 * task's {@code on_complete} or a trigger's {@code do}. "The actor" is the participant whose event
 * made the condition hold; for timers and timeouts there is none (see each action).
 */
public sealed interface Action {

    SourcePos pos();

    /** Who hears a message or receives points. */
    sealed interface Audience {
        record Everyone() implements Audience {
        }

        record OfRole(Ref role) implements Audience {
        }

        /** The actor; with no actor the message goes to everyone and points to the team. */
        record Actor() implements Audience {
        }
    }

    /** A text, with {@code {expression}} holes filled in when it is sent. */
    record Message(TextTemplate text, Audience to, SourcePos pos) implements Action {
    }

    /** Makes an entity appear (again), at its declared position unless {@code at} is given. */
    record Spawn(Ref entity, Optional<Vec3> at, SourcePos pos) implements Action {
    }

    record Despawn(Ref entity, SourcePos pos) implements Action {
    }

    record Move(Ref entity, Vec3 to, SourcePos pos, SourcePos toPos) implements Action {
    }

    record SetState(Ref entity, String state, SourcePos pos) implements Action {
    }

    /** Sets a variable to a value or to what an expression gives ({@code value} is then not a literal). */
    record SetVariable(Ref variable, Expr value, SourcePos pos, SourcePos valuePos) implements Action {
    }

    /** Adds {@code by} (may be negative) to a number variable. */
    record Increment(Ref variable, double by, SourcePos pos) implements Action {
    }

    /**
     * Awards {@code points} (negative for a penalty) under {@code criterion} to the actor, a role
     * or the team ({@link Audience.Everyone}).
     */
    record Score(Ref criterion, int points, Audience to, String reason, SourcePos pos) implements Action {
    }

    record GotoStep(Ref step, SourcePos pos) implements Action {
    }

    record End(String outcome, SourcePos pos) implements Action {
    }

    /** Plays a built-in sound or an audio file of the scenario folder, at an entity or everywhere. */
    record Sound(String sound, Optional<Ref> at, SourcePos pos) implements Action {
    }

    record Highlight(Ref entity, boolean on, SourcePos pos) implements Action {
    }

    /** Runs {@code then} when {@code when} holds, else {@code otherwise} (maybe empty). */
    record If(Condition when, List<Action> then, List<Action> otherwise, SourcePos pos) implements Action {
    }

    /**
     * Runs the actions of one choice, picked at random with the choices' weights. The draw comes
     * from the session's seeded generator, so a replay or a fork picks the same.
     */
    record Random(List<Choice> choices, SourcePos pos) implements Action {
        public int totalWeight() {
            return choices.stream().mapToInt(Choice::weight).sum();
        }
    }

    /** One outcome of a {@link Random}: {@code weight} out of the total weight. */
    record Choice(int weight, List<Action> actions, SourcePos pos) {
    }
}
