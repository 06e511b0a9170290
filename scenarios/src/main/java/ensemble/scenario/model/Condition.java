package ensemble.scenario.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Something that holds or not during a step or for a trigger.
 *
 * <p>Event conditions ({@link Grab}, {@link Release}, {@link Use}, {@link EnterZone},
 * {@link LeaveZone}, {@link Say}) hold once a matching event has happened since the step started
 * (or the trigger was armed) and stay true; {@link Count} counts how often one has happened since.
 * State conditions ({@link InZone}, {@link Near}, {@link VariableIs}, {@link EntityState},
 * {@link StepCompleted}, {@link Elapsed}, {@link ScoreIs}, {@link Expression}) are looked at as they
 * are now. An optional {@code role} restricts who may do it.
 */
public sealed interface Condition {

    SourcePos pos();

    /** Whether {@code c} is something that happens (and can be counted) rather than a state. */
    static boolean isEvent(Condition c) {
        return c instanceof Grab || c instanceof Release || c instanceof Use
                || c instanceof EnterZone || c instanceof LeaveZone || c instanceof Say;
    }

    /** Someone (of {@code role}) grabbed {@code entity}. */
    record Grab(Ref entity, Optional<Ref> role, SourcePos pos) implements Condition {
    }

    /** Someone (of {@code role}) released {@code entity}. */
    record Release(Ref entity, Optional<Ref> role, SourcePos pos) implements Condition {
    }

    /** Someone (of {@code role}) used {@code entity}, with the given use action when one is named. */
    record Use(Ref entity, Optional<Ref> role, Optional<String> action, SourcePos pos) implements Condition {
    }

    /** Someone (of {@code role}) entered {@code zone}. */
    record EnterZone(Ref zone, Optional<Ref> role, SourcePos pos) implements Condition {
    }

    /** Someone (of {@code role}) left {@code zone}. */
    record LeaveZone(Ref zone, Optional<Ref> role, SourcePos pos) implements Condition {
    }

    /**
     * At least {@code min} participants (of {@code role}) are in {@code zone} now; with
     * {@code everyone}, all participants (of the role) are, and there is at least one.
     */
    record InZone(Ref zone, Optional<Ref> role, int min, boolean everyone, SourcePos pos) implements Condition {
    }

    /**
     * Someone (of {@code role}) said something in chat containing {@code contains} (ignoring case)
     * or matching {@code matches} (found anywhere in the line). {@code example} is a line the
     * simulator says to satisfy a pattern.
     */
    record Say(Optional<String> contains, Optional<Pattern> matches, Optional<String> example,
               Optional<Ref> role, SourcePos pos) implements Condition {
    }

    /** The step or task with this id has completed at some point in this run. */
    record StepCompleted(Ref step, SourcePos pos) implements Condition {
    }

    /** {@code who} is within {@code within} metres of {@code to}. */
    record Near(Target who, Target to, double within, SourcePos pos) implements Condition {
    }

    enum Since { STEP, SCENARIO }

    /** At least {@code millis} have passed since the step started (trigger armed) or the scenario. */
    record Elapsed(long millis, Since since, SourcePos pos) implements Condition {
    }

    enum Op { EQ, NE, LT, LTE, GT, GTE }

    /** The variable compares to {@code value} with {@code op}. */
    record VariableIs(Ref variable, Op op, Value value, SourcePos pos, SourcePos valuePos) implements Condition {
    }

    /** The entity's state is {@code state}. */
    record EntityState(Ref entity, String state, SourcePos pos) implements Condition {
    }

    /**
     * The event condition {@code of} has happened at least {@code atLeast} times since the step
     * started (or the trigger was armed); {@code of} must be an event condition (the validator says so).
     */
    record Count(Condition of, int atLeast, SourcePos pos) implements Condition {
    }

    /** Whose points a {@link ScoreIs} condition looks at. */
    sealed interface ScoreOf {
        /** The team's total. */
        record Team() implements ScoreOf {
        }

        /** A role's total (its participants' points and the role's own). */
        record OfRole(Ref role) implements ScoreOf {
        }

        /** The points given under one rubric criterion. */
        record OfCriterion(Ref criterion) implements ScoreOf {
        }

        /** Some participant's own total (of {@code role} when given); they are the actor. */
        record Someone(Optional<Ref> role) implements ScoreOf {
        }
    }

    /** The score of {@code of} compares to {@code value} with {@code op}. */
    record ScoreIs(ScoreOf of, Op op, double value, SourcePos pos) implements Condition {
    }

    /** A boolean expression over variables ({@code expr: "calls >= 3 and not alarm"}). */
    record Expression(Expr expr, String source, SourcePos pos) implements Condition {
    }

    record All(List<Condition> of, SourcePos pos) implements Condition {
    }

    record Any(List<Condition> of, SourcePos pos) implements Condition {
    }

    record Not(Condition of, SourcePos pos) implements Condition {
    }

    /** What a {@link Near} condition measures from or to. */
    sealed interface Target {
        /** Any participant. */
        record Anyone() implements Target {
        }

        /** Any participant of the role. */
        record OfRole(Ref role) implements Target {
        }

        /** The entity, wherever it is now. */
        record Thing(Ref entity) implements Target {
        }
    }
}
