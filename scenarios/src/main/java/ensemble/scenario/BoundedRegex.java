package ensemble.scenario;

import java.util.regex.Pattern;

/**
 * Runs a scenario's {@code matches} pattern with a bound on its work. Trainers write the patterns
 * and participants write the chat they are matched against, on the session's tick thread: a
 * pattern with catastrophic backtracking ({@code (a|a)*b}) must cost at most
 * {@link ScenarioLimits#MAX_REGEX_STEPS} character reads, never a stalled session.
 *
 * <p>The bound is enforced by the text handed to the matcher, which counts every read: the JDK
 * engine has no step limit of its own. Thread-safe (no shared state).
 */
public final class BoundedRegex {

    /** What a bounded search found. */
    public enum Outcome { FOUND, NOT_FOUND, TOO_COSTLY }

    private BoundedRegex() {
    }

    /** Like {@code pattern.matcher(text).find()}, but {@link Outcome#TOO_COSTLY} past the bound. */
    public static Outcome find(Pattern pattern, CharSequence text) {
        try {
            return pattern.matcher(new Counted(text, new int[] {ScenarioLimits.MAX_REGEX_STEPS})).find()
                    ? Outcome.FOUND : Outcome.NOT_FOUND;
        } catch (TooCostly e) {
            return Outcome.TOO_COSTLY;
        }
    }

    /** True only when the pattern is found within the bound. */
    public static boolean found(Pattern pattern, CharSequence text) {
        return find(pattern, text) == Outcome.FOUND;
    }

    /** Stackless: thrown on every over-budget search, and carries nothing worth a trace. */
    private static final class TooCostly extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooCostly() {
            super("regular expression over its step budget", null, false, false);
        }
    }

    /** A view of the text whose reads share one budget (sub-sequences included). */
    private record Counted(CharSequence text, int[] budget) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new TooCostly();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.subSequence(start, end), budget);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
