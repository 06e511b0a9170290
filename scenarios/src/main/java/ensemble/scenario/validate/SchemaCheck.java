package ensemble.scenario.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import ensemble.scenario.Diagnostic;
import ensemble.scenario.load.YamlNode;
import ensemble.scenario.model.SourcePos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a YAML tree against {@code scenario.schema.json} (the copy in this jar) and reports each
 * violation at the position of the offending node. Thread-safe; build once.
 */
public final class SchemaCheck {

    /** Class path location of the schema; the file itself lives in {@code scenarios/schema/}. */
    public static final String RESOURCE = "/ensemble/scenario/schema/scenario.schema.json";

    private final Schema schema;
    private final JsonNode schemaJson;

    public SchemaCheck() {
        String text = schemaText();
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
        try {
            this.schemaJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema text, for tools that publish it. */
    public static String schemaText() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("scenario schema missing from the class path: " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Diagnostic> check(Path file, YamlNode root) {
        List<Error> errors = schema.validate(toJson(root));
        Set<Diagnostic> out = new LinkedHashSet<>();
        for (Error e : errors) {
            YamlNode at = locate(root, e.getInstanceLocation());
            SourcePos pos = at.pos();
            String message = message(e, at);
            if (e.getProperty() != null && at instanceof YamlNode.Mapping m && m.entries().containsKey(e.getProperty())) {
                pos = m.entries().get(e.getProperty()).keyPos();
            }
            out.add(Diagnostic.error(file, pos, message));
        }
        return new ArrayList<>(out);
    }

    private String message(Error e, YamlNode at) {
        String where = e.getInstanceLocation().getNameCount() == 0 ? "" : display(e.getInstanceLocation()) + ": ";
        JsonNode rule = schemaParent(e);
        if ("additionalProperties".equals(e.getKeyword()) && at instanceof YamlNode.Mapping m && m.flow()
                && m.get(e.getProperty()).filter(v -> v instanceof YamlNode.Scalar s && (s.value() == null
                        || "".equals(s.value()))).isPresent()) {
            return where + "'" + e.getProperty() + "' is read as a key of its own: inside { } a comma ends a value, "
                    + "so put text that contains a comma in quotes (\"..., " + e.getProperty() + "\")";
        }
        if ("additionalProperties".equals(e.getKeyword()) && rule.has("properties")) {
            java.util.List<String> keys = new ArrayList<>();
            rule.get("properties").fieldNames().forEachRemaining(keys::add);
            String kind = rule.path("description").asText("").startsWith("Exactly one of the ") ? "kind" : "key";
            return where + "unknown " + kind + " '" + e.getProperty() + "' (expected one of: " + String.join(", ", keys) + ")";
        }
        if (("maxProperties".equals(e.getKeyword()) || "minProperties".equals(e.getKeyword()))
                && rule.path("description").asText("").startsWith("Exactly one of the ")) {
            return where + "write exactly one kind per item (found " + (at instanceof YamlNode.Mapping m
                    && !m.entries().isEmpty() ? String.join(", ", m.entries().keySet()) : "none") + ")";
        }
        boolean empty = at instanceof YamlNode.Scalar blank && (blank.value() == null || "".equals(blank.value()));
        if ("pattern".equals(e.getKeyword()) && rule.has("description") && at instanceof YamlNode.Scalar s && !empty) {
            return where + "'" + s.value() + "' does not fit: " + rule.get("description").asText();
        }
        if ("type".equals(e.getKeyword()) && at instanceof YamlNode.Scalar s && s.value() instanceof Boolean b
                && !s.quoted() && !s.source().equalsIgnoreCase(b.toString())) {
            return where + "YAML reads the unquoted " + s.source() + " as the boolean " + b
                    + "; write it in quotes (\"" + s.source() + "\") to mean the text";
        }
        String text = e.getMessage();
        // networknt prefixes the message with the JSON path; we print our own, readable one.
        int colon = text.indexOf(": ");
        if (text.startsWith("/") || text.startsWith("$")) {
            text = colon >= 0 ? text.substring(colon + 2) : text;
        }
        if (at instanceof YamlNode.Scalar s && (s.value() == null || "".equals(s.value()))) {
            text = "the value is empty (note that '#' starts a YAML comment, so write colours quoted: \"#ff8800\")";
        }
        return where + text;
    }

    /** The schema object holding the keyword that failed. */
    private JsonNode schemaParent(Error e) {
        NodePath fragment = e.getSchemaLocation().getFragment();
        JsonNode n = schemaJson;
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            Object el = fragment.getElement(i);
            n = el instanceof Integer idx ? n.path(idx) : n.path(String.valueOf(el));
        }
        return n;
    }

    private static String display(NodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            if (el instanceof Integer idx) {
                sb.append('[').append(idx).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(el);
            }
        }
        return sb.toString();
    }

    private static YamlNode locate(YamlNode root, NodePath path) {
        YamlNode at = root;
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            if (el instanceof Integer idx && at instanceof YamlNode.Sequence s && idx < s.items().size()) {
                at = s.items().get(idx);
            } else if (at instanceof YamlNode.Mapping m && m.entries().containsKey(String.valueOf(el))) {
                at = m.entries().get(String.valueOf(el)).value();
            } else {
                break;
            }
        }
        return at;
    }

    /** The tree as Jackson nodes, keeping key order so error paths map straight back. */
    public static JsonNode toJson(YamlNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof YamlNode.Mapping m) {
            ObjectNode o = f.objectNode();
            m.entries().forEach((k, e) -> o.set(k, toJson(e.value())));
            return o;
        }
        if (node instanceof YamlNode.Sequence s) {
            ArrayNode a = f.arrayNode();
            s.items().forEach(i -> a.add(toJson(i)));
            return a;
        }
        return scalar(f, ((YamlNode.Scalar) node).value());
    }

    private static JsonNode scalar(JsonNodeFactory f, Object v) {
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        return f.textNode(String.valueOf(v));
    }
}
