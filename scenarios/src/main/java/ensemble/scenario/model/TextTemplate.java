package ensemble.scenario.model;

import java.util.List;

/**
 * A text with {@code {expression}} holes, filled in with the values of the moment when it is
 * used ("UPS at {ups_minutes} min"). {@code {{} and {@code }}} write a brace itself.
 */
public record TextTemplate(String raw, List<Part> parts) {

    public TextTemplate {
        parts = List.copyOf(parts);
    }

    /** A text without holes. */
    public static TextTemplate plain(String text) {
        return new TextTemplate(text, List.of(new Part.Literal(text)));
    }

    public sealed interface Part {
        record Literal(String text) implements Part {
        }

        record Hole(Expr expr, String source) implements Part {
        }
    }
}
