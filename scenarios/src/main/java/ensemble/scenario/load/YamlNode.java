package ensemble.scenario.load;

import ensemble.scenario.model.SourcePos;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML document as a tree that remembers where every node (and every mapping key) starts, so
 * that any problem found later can be reported at its exact line and column.
 */
public sealed interface YamlNode {

    SourcePos pos();

    /**
     * A mapping; keys keep their file order. {@code flow} is true for the {@code { a: 1, b: 2 }}
     * form, where a comma ends a value (so an unquoted comma in text makes a stray key).
     */
    record Mapping(Map<String, Entry> entries, SourcePos pos, boolean flow) implements YamlNode {
        public Mapping(Map<String, Entry> entries, SourcePos pos) {
            this(entries, pos, false);
        }

        public Optional<YamlNode> get(String key) {
            Entry e = entries.get(key);
            return e == null ? Optional.empty() : Optional.of(e.value());
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }
    }

    /** One key of a mapping with its value. */
    record Entry(String key, SourcePos keyPos, YamlNode value) {
    }

    record Sequence(List<YamlNode> items, SourcePos pos) implements YamlNode {
    }

    /**
     * A scalar: {@code value} is a String, Long, Double, Boolean, or null for YAML null/empty.
     * {@code source} is the text as written ({@code NO} for the boolean false), and {@code quoted}
     * whether it was in quotes, so that {@code pos} is the quote and the text starts one column on.
     */
    record Scalar(Object value, SourcePos pos, String source, boolean quoted) implements YamlNode {
        public Scalar(Object value, SourcePos pos) {
            this(value, pos, value == null ? "" : String.valueOf(value), false);
        }

        /**
         * Where the character at {@code offset} of the text is: exact on a single line; in text
         * spread over lines, the right line and the scalar's own column.
         */
        public SourcePos at(int offset) {
            String text = value == null ? "" : String.valueOf(value);
            int lines = 0;
            for (int i = 0; i < Math.min(offset, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    lines++;
                }
            }
            if (lines > 0) {
                return new SourcePos(pos.line() + lines, pos.col());
            }
            return new SourcePos(pos.line(), pos.col() + (quoted ? 1 : 0) + offset);
        }
    }
}
