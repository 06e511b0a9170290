package ensemble.scenario.load;

import ensemble.scenario.model.Ref;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Vec3;

import java.util.List;
import java.util.Optional;

/**
 * Typed reads from a schema-valid {@link YamlNode.Mapping}. The schema has already checked the
 * shapes, so a shape mismatch here is a bug (schema and reader disagree) and throws.
 */
final class Fields {

    private final YamlNode.Mapping map;

    Fields(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping m)) {
            throw new IllegalStateException("expected a mapping at " + node.pos());
        }
        this.map = m;
    }

    SourcePos pos() {
        return map.pos();
    }

    YamlNode.Mapping mapping() {
        return map;
    }

    boolean has(String key) {
        return map.has(key);
    }

    Optional<YamlNode> node(String key) {
        return map.get(key);
    }

    /** Position of the value of {@code key}, or of the mapping when the key is absent. */
    SourcePos posOf(String key) {
        return map.get(key).map(YamlNode::pos).orElse(map.pos());
    }

    String text(String key, String fallback) {
        return map.get(key).map(Fields::scalar).map(String::valueOf).orElse(fallback);
    }

    Optional<String> text(String key) {
        return map.get(key).map(Fields::scalar).map(String::valueOf);
    }

    Ref ref(String key) {
        YamlNode n = map.get(key).orElseThrow(() -> new IllegalStateException("missing " + key + " at " + map.pos()));
        return new Ref(String.valueOf(scalar(n)), n.pos());
    }

    Optional<Ref> optRef(String key) {
        return map.get(key).map(n -> new Ref(String.valueOf(scalar(n)), n.pos()));
    }

    double number(String key, double fallback) {
        return map.get(key).map(n -> ((java.lang.Number) scalar(n)).doubleValue()).orElse(fallback);
    }

    long millis(String key) {
        return map.get(key).map(n -> Math.round(((java.lang.Number) scalar(n)).doubleValue() * 1000)).orElse(0L);
    }

    int integer(String key, int fallback) {
        return map.get(key).map(n -> ((java.lang.Number) scalar(n)).intValue()).orElse(fallback);
    }

    boolean flag(String key, boolean fallback) {
        return map.get(key).map(n -> (Boolean) scalar(n)).orElse(fallback);
    }

    Optional<Vec3> vec3(String key) {
        return map.get(key).map(Fields::vec3);
    }

    List<YamlNode> list(String key) {
        return map.get(key).map(n -> ((YamlNode.Sequence) n).items()).orElse(List.of());
    }

    static Object scalar(YamlNode n) {
        if (n instanceof YamlNode.Scalar s) {
            return s.value();
        }
        throw new IllegalStateException("expected a scalar at " + n.pos());
    }

    static Vec3 vec3(YamlNode n) {
        List<YamlNode> items = ((YamlNode.Sequence) n).items();
        return new Vec3(num(items.get(0)), num(items.get(1)), num(items.get(2)));
    }

    static double num(YamlNode n) {
        return ((java.lang.Number) scalar(n)).doubleValue();
    }

    static Value value(YamlNode n) {
        Object v = scalar(n);
        if (v instanceof Boolean b) {
            return new Value.Flag(b);
        }
        if (v instanceof java.lang.Number num) {
            return new Value.Number(num.doubleValue());
        }
        return new Value.Text(String.valueOf(v));
    }
}
