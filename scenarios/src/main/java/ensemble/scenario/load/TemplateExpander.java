package ensemble.scenario.load;

import ensemble.scenario.model.SourcePos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands step templates before anything else looks at the file. A template is a list of steps
 * with parameters, written once under {@code templates:}; an item {@code {use: name, with: {...}}}
 * of {@code steps} stands for the template's steps with every {@code ${param}} in their keys and
 * texts replaced by the given value (a text that is only {@code ${param}} becomes the value itself,
 * a number, a list or a whole condition).
 * Expanded nodes keep the template's positions, so a mistake in a template is shown there.
 */
public final class TemplateExpander {

    /** Most steps one file may have after expansion (the schema's bound on steps). */
    static final int MAX_STEPS = 128;

    private static final Pattern PARAM = Pattern.compile("\\$\\{([a-z][a-z0-9_-]*)}");

    private record Template(String name, List<String> params, List<YamlNode> steps, SourcePos pos) {
    }

    private final BiConsumer<SourcePos, String> problems;
    private final Map<String, Template> templates = new LinkedHashMap<>();

    private TemplateExpander(BiConsumer<SourcePos, String> problems) {
        this.problems = problems;
    }

    /** {@code root} with templates used and the {@code templates} key removed; problems go to {@code problems}. */
    public static YamlNode expand(YamlNode root, BiConsumer<SourcePos, String> problems) {
        if (!(root instanceof YamlNode.Mapping m) || !m.has("templates")) {
            return root;
        }
        return new TemplateExpander(problems).expand(m);
    }

    private YamlNode expand(YamlNode.Mapping root) {
        YamlNode.Entry defs = root.entries().get("templates");
        if (!(defs.value() instanceof YamlNode.Mapping named)) {
            problems.accept(defs.value().pos(), "templates: expected a mapping of template names to {params, steps}");
            return root;
        }
        for (YamlNode.Entry e : named.entries().values()) {
            define(e);
        }
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>(root.entries());
        entries.remove("templates");
        YamlNode.Entry steps = root.entries().get("steps");
        if (steps != null && steps.value() instanceof YamlNode.Sequence seq) {
            List<YamlNode> out = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Mapping use && use.has("use")) {
                    out.addAll(use(use));
                } else {
                    out.add(item);
                }
                if (out.size() > MAX_STEPS) {
                    problems.accept(item.pos(), "more than " + MAX_STEPS + " steps once templates are expanded");
                    return root;
                }
            }
            entries.put("steps", new YamlNode.Entry("steps", steps.keyPos(), new YamlNode.Sequence(out, seq.pos())));
        }
        return new YamlNode.Mapping(entries, root.pos(), root.flow());
    }

    private void define(YamlNode.Entry e) {
        if (!(e.value() instanceof YamlNode.Mapping body) || !(body.get("steps").orElse(null) instanceof YamlNode.Sequence steps)) {
            problems.accept(e.value().pos(), "template '" + e.key() + "' needs 'steps:', a list of steps (and 'params:', the names it takes)");
            return;
        }
        for (String key : body.entries().keySet()) {
            if (!key.equals("steps") && !key.equals("params")) {
                problems.accept(body.entries().get(key).keyPos(), "template '" + e.key() + "': unknown key '" + key
                        + "' (expected one of: params, steps)");
            }
        }
        List<String> params = new ArrayList<>();
        body.get("params").ifPresent(p -> {
            if (p instanceof YamlNode.Sequence list) {
                list.items().forEach(i -> params.add(String.valueOf(i instanceof YamlNode.Scalar s ? s.value() : "")));
            } else {
                problems.accept(p.pos(), "template '" + e.key() + "': params is a list of names, e.g. [role, zone]");
            }
        });
        Set<String> used = new LinkedHashSet<>();
        steps.items().forEach(n -> collect(n, used, params, e.key()));
        templates.put(e.key(), new Template(e.key(), params, steps.items(), e.keyPos()));
    }

    /** Reports {@code ${x}} where x is not a parameter of the template. */
    private void collect(YamlNode n, Set<String> used, List<String> params, String template) {
        if (n instanceof YamlNode.Mapping m) {
            m.entries().values().forEach(e -> {
                check(e.key(), e.keyPos(), null, params, template);
                collect(e.value(), used, params, template);
            });
        } else if (n instanceof YamlNode.Sequence s) {
            s.items().forEach(i -> collect(i, used, params, template));
        } else if (n instanceof YamlNode.Scalar s && s.value() instanceof String text) {
            check(text, s.pos(), s, params, template);
        }
    }

    private void check(String text, SourcePos pos, YamlNode.Scalar scalar, List<String> params, String template) {
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            if (!params.contains(m.group(1))) {
                problems.accept(scalar != null ? scalar.at(m.start()) : pos, "template '" + template + "' has no parameter '"
                        + m.group(1) + "'" + (params.isEmpty() ? " (it declares none: add params: [" + m.group(1) + "])"
                        : " (params: " + String.join(", ", params) + ")"));
            }
        }
    }

    private List<YamlNode> use(YamlNode.Mapping use) {
        YamlNode.Entry name = use.entries().get("use");
        String id = name.value() instanceof YamlNode.Scalar s ? String.valueOf(s.value()) : "";
        Template t = templates.get(id);
        if (t == null) {
            problems.accept(name.value().pos(), "unknown template '" + id + "'" + (templates.isEmpty() ? " (none is defined)"
                    : " (known: " + String.join(", ", templates.keySet()) + ")"));
            return List.of();
        }
        for (String key : use.entries().keySet()) {
            if (!key.equals("use") && !key.equals("with")) {
                problems.accept(use.entries().get(key).keyPos(), "a template use has only 'use' and 'with', not '" + key + "'");
            }
        }
        Map<String, YamlNode> values = new LinkedHashMap<>();
        use.get("with").ifPresent(w -> {
            if (w instanceof YamlNode.Mapping given) {
                given.entries().values().forEach(e -> {
                    if (!t.params().contains(e.key())) {
                        problems.accept(e.keyPos(), "template '" + id + "' has no parameter '" + e.key() + "' (params: "
                                + (t.params().isEmpty() ? "none" : String.join(", ", t.params())) + ")");
                    }
                    values.put(e.key(), e.value());
                });
            } else {
                problems.accept(w.pos(), "'with' gives the parameters as a mapping, e.g. { zone: kitchen }");
            }
        });
        List<String> missing = t.params().stream().filter(p -> !values.containsKey(p)).toList();
        if (!missing.isEmpty()) {
            problems.accept(name.keyPos(), "template '" + id + "' needs " + String.join(", ", missing) + " in 'with'");
            return List.of();
        }
        return t.steps().stream().map(n -> substitute(n, values)).toList();
    }

    private static YamlNode substitute(YamlNode n, Map<String, YamlNode> values) {
        if (n instanceof YamlNode.Mapping m) {
            Map<String, YamlNode.Entry> out = new LinkedHashMap<>();
            m.entries().values().forEach(e -> {
                String key = text(e.key(), values);
                out.put(key, new YamlNode.Entry(key, e.keyPos(), substitute(e.value(), values)));
            });
            return new YamlNode.Mapping(out, m.pos(), m.flow());
        }
        if (n instanceof YamlNode.Sequence s) {
            return new YamlNode.Sequence(s.items().stream().map(i -> substitute(i, values)).toList(), s.pos());
        }
        YamlNode.Scalar s = (YamlNode.Scalar) n;
        if (!(s.value() instanceof String text) || !text.contains("${")) {
            return s;
        }
        Matcher whole = PARAM.matcher(text);
        if (whole.matches() && values.containsKey(whole.group(1))) {
            YamlNode v = values.get(whole.group(1));
            // a whole "${p}" becomes the value itself: a number stays a number, a condition a condition
            return v instanceof YamlNode.Scalar sv ? new YamlNode.Scalar(sv.value(), s.pos(), sv.source(), s.quoted(), s.textAt()) : v;
        }
        String replaced = text(text, values);
        return new YamlNode.Scalar(replaced, s.pos(), replaced, s.quoted(), s.textAt());
    }

    private static String text(String text, Map<String, YamlNode> values) {
        Matcher m = PARAM.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            YamlNode v = values.get(m.group(1));
            String with = v instanceof YamlNode.Scalar s ? String.valueOf(s.value()) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(with));
        }
        m.appendTail(out);
        return out.toString();
    }
}
