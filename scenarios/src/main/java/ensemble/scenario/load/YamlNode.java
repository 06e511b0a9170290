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

    /** A mapping; keys keep their file order. */
    record Mapping(Map<String, Entry> entries, SourcePos pos) implements YamlNode {
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
     */
    record Scalar(Object value, SourcePos pos) implements YamlNode {
    }
}
