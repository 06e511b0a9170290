package ensemble.scenario.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import ensemble.scenario.model.SourcePos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link YamlNode} tree with positions, using Jackson's streaming YAML
 * parser. Anchors ({@code &name}), aliases ({@code *name}) and merge keys ({@code <<: *name}) are
 * resolved here, since the parser leaves them to its caller: an alias is the anchored node again
 * (positions of the anchored original), a merge key adds the keys the mapping does not set itself.
 * Bounded: documents deeper than {@link #MAX_DEPTH} or with more than {@link #MAX_NODES} nodes
 * (aliases counted at their full size) are refused. Problems come back as {@link YamlProblem},
 * never as exceptions.
 */
public final class YamlTreeReader {

    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 100_000;

    /** The parser's own limit sits well above ours, so that ours (with a position) speaks first. */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4 * MAX_DEPTH).build())
            .build();

    private static final String MERGE_KEY = "<<";

    /** What went wrong while reading, and where. */
    public record YamlProblem(SourcePos pos, String message) {
    }

    /** Either a tree (empty document: null) or a problem. */
    public record Result(YamlNode root, YamlProblem problem) {
    }

    private int nodes;
    private final List<YamlProblem> duplicates = new ArrayList<>();
    private final Map<String, YamlNode> anchors = new HashMap<>();
    private final Map<YamlNode, Integer> sizes = new IdentityHashMap<>();
    private final String text;
    private final int[] lineStarts;

    private YamlTreeReader(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public static Result read(String text) {
        return new YamlTreeReader(text).parse();
    }

    private Result parse() {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Result(null, null);
            }
            YamlNode root = node(p, 0);
            if (p.nextToken() != null) {
                return new Result(null, new YamlProblem(pos(p.currentTokenLocation()),
                        "more than one YAML document in the file; a scenario is a single document"));
            }
            if (!duplicates.isEmpty()) {
                return new Result(root, duplicates.get(0));
            }
            return new Result(root, null);
        } catch (StreamConstraintsException e) {
            return new Result(null, new YamlProblem(syntaxPos(e), "YAML nested deeper than " + MAX_DEPTH
                    + " levels; a scenario never needs that many"));
        } catch (JsonProcessingException e) {
            return new Result(null, new YamlProblem(syntaxPos(e), syntaxMessage(e)));
        } catch (Refused e) {
            return new Result(null, new YamlProblem(e.pos, e.getMessage()));
        } catch (IOException e) {
            return new Result(null, new YamlProblem(new SourcePos(1, 1), "cannot read YAML: " + e.getMessage()));
        }
    }

    private YamlNode node(JsonParser p, int depth) throws IOException {
        SourcePos at = pos(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new Refused(at, "YAML nested deeper than " + MAX_DEPTH + " levels; a scenario never needs that many");
        }
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            return alias(y.getText(), at);
        }
        if (++nodes > MAX_NODES) {
            throw new Refused(at, "the file has more than " + MAX_NODES + " YAML nodes");
        }
        String anchor = p instanceof YAMLParser y ? y.getObjectId() : null;
        JsonToken t = p.currentToken();
        YamlNode node = switch (t) {
            case START_OBJECT -> mapping(p, depth, at);
            case START_ARRAY -> sequence(p, depth, at);
            case VALUE_STRING -> scalar(p.getText(), p, at);
            case VALUE_NUMBER_INT -> scalar(intValue(p), p, at);
            case VALUE_NUMBER_FLOAT -> scalar(p.getDoubleValue(), p, at);
            case VALUE_TRUE -> scalar(Boolean.TRUE, p, at);
            case VALUE_FALSE -> scalar(Boolean.FALSE, p, at);
            case VALUE_NULL -> scalar(null, p, at);
            default -> scalar(p.getText(), p, at);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private YamlNode.Scalar scalar(Object value, JsonParser p, SourcePos at) throws IOException {
        char first = charAt(at);
        if ((first == '|' || first == '>') && at.line() < lineStarts.length) {
            int i = lineStarts[at.line()];
            int start = i;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return new YamlNode.Scalar(value, at, p.getText(), false, new SourcePos(at.line() + 1, i - start + 1));
        }
        return new YamlNode.Scalar(value, at, p.getText(), first == '"' || first == '\'');
    }

    /** The anchored node again; its nodes count again, so that aliases cannot blow the bound up. */
    private YamlNode alias(String name, SourcePos at) {
        YamlNode target = anchors.get(name);
        if (target == null) {
            throw new Refused(at, "alias '*" + name + "' names no anchor defined before it (write '&" + name
                    + "' on the node to reuse, above this line)");
        }
        nodes += size(target);
        if (nodes > MAX_NODES) {
            throw new Refused(at, "the file has more than " + MAX_NODES + " YAML nodes once its aliases are expanded");
        }
        return target;
    }

    private int size(YamlNode n) {
        Integer known = sizes.get(n);
        if (known != null) {
            return known;
        }
        int size = 1;
        if (n instanceof YamlNode.Mapping m) {
            for (YamlNode.Entry e : m.entries().values()) {
                size += size(e.value());
            }
        } else if (n instanceof YamlNode.Sequence s) {
            for (YamlNode item : s.items()) {
                size += size(item);
            }
        }
        sizes.put(n, size);
        return size;
    }

    private char charAt(SourcePos at) {
        int line = at.line() - 1;
        if (line < 0 || line >= lineStarts.length) {
            return 0;
        }
        int i = lineStarts[line] + at.col() - 1;
        return i >= 0 && i < text.length() ? text.charAt(i) : 0;
    }

    private static Object intValue(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT, LONG -> p.getLongValue();
            default -> p.getDoubleValue();
        };
    }

    private YamlNode.Mapping mapping(JsonParser p, int depth, SourcePos at) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        List<YamlNode> merged = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            SourcePos keyPos = pos(p.currentTokenLocation());
            p.nextToken();
            YamlNode value = node(p, depth + 1);
            if (MERGE_KEY.equals(key)) {
                merge(value, keyPos, merged);
            } else if (entries.containsKey(key)) {
                duplicates.add(new YamlProblem(keyPos, "duplicate key '" + key + "' (first at line "
                        + entries.get(key).keyPos().line() + ")"));
            } else {
                entries.put(key, new YamlNode.Entry(key, keyPos, value));
            }
        }
        for (YamlNode source : merged) {
            ((YamlNode.Mapping) source).entries().forEach(entries::putIfAbsent);
        }
        return new YamlNode.Mapping(entries, at, charAt(at) == '{');
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: mappings whose keys this one takes unless it sets them. */
    private void merge(YamlNode value, SourcePos keyPos, List<YamlNode> into) {
        List<YamlNode> sources = value instanceof YamlNode.Sequence s ? s.items() : List.of(value);
        for (YamlNode source : sources) {
            if (!(source instanceof YamlNode.Mapping)) {
                throw new Refused(keyPos, "the merge key '<<' takes a mapping (write '<<: *name' where '&name' marks a "
                        + "mapping), not " + (source instanceof YamlNode.Sequence ? "a list" : "a single value"));
            }
            into.add(source);
        }
    }

    private YamlNode.Sequence sequence(JsonParser p, int depth, SourcePos at) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(p, depth + 1));
        }
        return new YamlNode.Sequence(items, at);
    }

    private static SourcePos pos(JsonLocation l) {
        return new SourcePos(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static SourcePos syntaxPos(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
            return new SourcePos(y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1);
        }
        JsonLocation at = e.getLocation();
        return at == null ? new SourcePos(1, 1) : pos(at);
    }

    private static String syntaxMessage(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblem() != null) {
            String msg = "YAML syntax error: " + y.getProblem().strip();
            if (y.getContext() != null && y.getContextMark() != null) {
                msg += " (" + y.getContext().strip() + " started at line " + (y.getContextMark().getLine() + 1)
                        + ", column " + (y.getContextMark().getColumn() + 1) + ")";
            }
            return msg;
        }
        String m = e.getOriginalMessage();
        if (m == null) {
            return "YAML syntax error";
        }
        // SnakeYAML messages carry their own " in 'reader', line 3, column 5:" context; the
        // diagnostic already has the position, so keep the first sentence only.
        int cut = m.indexOf(" in 'reader'");
        if (cut < 0) {
            cut = m.indexOf("\n");
        }
        String first = (cut > 0 ? m.substring(0, cut) : m).strip();
        return "YAML syntax error: " + first.replaceAll("\\s+", " ");
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SourcePos pos;

        Refused(SourcePos pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }
}
