package ensemble.scenario.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ensemble.scenario.model.SourcePos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link YamlNode} tree with positions, using Jackson's streaming YAML
 * parser. Bounded: documents deeper than {@link #MAX_DEPTH} or with more than {@link #MAX_NODES}
 * nodes are refused. Problems come back as {@link YamlProblem}, never as exceptions.
 */
public final class YamlTreeReader {

    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 100_000;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
            .build();

    /** What went wrong while reading, and where. */
    public record YamlProblem(SourcePos pos, String message) {
    }

    /** Either a tree (empty document: null) or a problem. */
    public record Result(YamlNode root, YamlProblem problem) {
    }

    private int nodes;
    private final List<YamlProblem> duplicates = new ArrayList<>();

    private YamlTreeReader() {
    }

    public static Result read(String text) {
        return new YamlTreeReader().parse(text);
    }

    private Result parse(String text) {
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
        } catch (JsonProcessingException e) {
            return new Result(null, new YamlProblem(syntaxPos(e), syntaxMessage(e)));
        } catch (TooBig e) {
            return new Result(null, new YamlProblem(e.pos, e.getMessage()));
        } catch (IOException e) {
            return new Result(null, new YamlProblem(new SourcePos(1, 1), "cannot read YAML: " + e.getMessage()));
        }
    }

    private YamlNode node(JsonParser p, int depth) throws IOException {
        SourcePos at = pos(p.currentTokenLocation());
        if (++nodes > MAX_NODES) {
            throw new TooBig(at, "the file has more than " + MAX_NODES + " YAML nodes");
        }
        if (depth > MAX_DEPTH) {
            throw new TooBig(at, "YAML nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> mapping(p, depth, at);
            case START_ARRAY -> sequence(p, depth, at);
            case VALUE_STRING -> new YamlNode.Scalar(p.getText(), at);
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(intValue(p), at);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(p.getDoubleValue(), at);
            case VALUE_TRUE -> new YamlNode.Scalar(Boolean.TRUE, at);
            case VALUE_FALSE -> new YamlNode.Scalar(Boolean.FALSE, at);
            case VALUE_NULL -> new YamlNode.Scalar(null, at);
            default -> new YamlNode.Scalar(p.getText(), at);
        };
    }

    private static Object intValue(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT, LONG -> p.getLongValue();
            default -> p.getDoubleValue();
        };
    }

    private YamlNode.Mapping mapping(JsonParser p, int depth, SourcePos at) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            SourcePos keyPos = pos(p.currentTokenLocation());
            p.nextToken();
            YamlNode value = node(p, depth + 1);
            if (entries.containsKey(key)) {
                duplicates.add(new YamlProblem(keyPos, "duplicate key '" + key + "' (first at line "
                        + entries.get(key).keyPos().line() + ")"));
            } else {
                entries.put(key, new YamlNode.Entry(key, keyPos, value));
            }
        }
        return new YamlNode.Mapping(entries, at);
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

    private static final class TooBig extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SourcePos pos;

        TooBig(SourcePos pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }
}
