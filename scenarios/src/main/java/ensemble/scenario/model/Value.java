package ensemble.scenario.model;

/** The value of a scenario variable: a flag, a number or a text. */
public sealed interface Value permits Value.Flag, Value.Number, Value.Text {

    /** The kind of value, used to report comparisons between values of different kinds. */
    enum Kind { FLAG, NUMBER, TEXT }

    Kind kind();

    record Flag(boolean value) implements Value {
        public Kind kind() {
            return Kind.FLAG;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    record Number(double value) implements Value {
        public Kind kind() {
            return Kind.NUMBER;
        }

        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
    }

    record Text(String value) implements Value {
        public Kind kind() {
            return Kind.TEXT;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    static String kindName(Kind kind) {
        return switch (kind) {
            case FLAG -> "a boolean";
            case NUMBER -> "a number";
            case TEXT -> "a text";
        };
    }
}
