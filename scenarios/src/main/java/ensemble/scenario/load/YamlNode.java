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
     * {@code source} is the text as written ({@code NO} for the boolean false), {@code quoted}
     * whether it was in quotes, and {@code textAt} where its text starts: one column after the
     * quote, or for a block scalar ({@code |} or {@code >}) the first character of its next line.
     */
    record Scalar(Object value, SourcePos pos, String source, boolean quoted, SourcePos textAt) implements YamlNode {
        public Scalar(Object value, SourcePos pos) {
            this(value, pos, value == null ? "" : String.valueOf(value), false);
        }

        public Scalar(Object value, SourcePos pos, String source, boolean quoted) {
            this(value, pos, source, quoted, quoted ? new SourcePos(pos.line(), pos.col() + 1) : pos);
        }

        /**
         * Where the character at {@code offset} of the text is: exact on the first line and in
         * literal blocks ({@code |}); in other text spread over lines, the right line.
         */
        public SourcePos at(int offset) {
            String text = value == null ? "" : String.valueOf(value);
            int lines = 0;
            int lineStart = 0;
            for (int i = 0; i < Math.min(offset, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    lines++;
                    lineStart = i + 1;
                }
            }
            if (lines == 0) {
                return new SourcePos(textAt.line(), textAt.col() + offset);
            }
            boolean block = textAt.line() > pos.line();
            return new SourcePos(textAt.line() + lines, block ? textAt.col() + offset - lineStart : pos.col());
        }
    }
}
