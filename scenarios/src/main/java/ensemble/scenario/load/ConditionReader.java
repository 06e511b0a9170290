package ensemble.scenario.load;

import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Condition.Target;
import ensemble.scenario.model.Ref;
import ensemble.scenario.model.SourcePos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads one schema-valid condition mapping ({@code {grab: {...}}}, {@code {all: [...]}}, ...). */
final class ConditionReader {

    private final BiConsumer<SourcePos, String> problems;

    /** @param problems receives conditions the schema cannot judge (a bad regular expression) */
    ConditionReader(BiConsumer<SourcePos, String> problems) {
        this.problems = problems;
    }

    Condition read(YamlNode node) {
        YamlNode.Mapping m = (YamlNode.Mapping) node;
        Map.Entry<String, YamlNode.Entry> only = m.entries().entrySet().iterator().next();
        String kind = only.getKey();
        YamlNode body = only.getValue().value();
        SourcePos at = only.getValue().keyPos();
        return switch (kind) {
            case "grab" -> new Condition.Grab(f(body).ref("entity"), f(body).optRef("role"), at);
            case "release" -> new Condition.Release(f(body).ref("entity"), f(body).optRef("role"), at);
            case "use" -> new Condition.Use(f(body).ref("entity"), f(body).optRef("role"), f(body).text("action"), at);
            case "enter_zone" -> new Condition.EnterZone(f(body).ref("zone"), f(body).optRef("role"), at);
            case "leave_zone" -> new Condition.LeaveZone(f(body).ref("zone"), f(body).optRef("role"), at);
            case "in_zone" -> new Condition.InZone(f(body).ref("zone"), f(body).optRef("role"),
                    f(body).integer("min", 1), f(body).flag("everyone", false), at);
            case "say" -> say(f(body), at);
            case "step_completed" -> new Condition.StepCompleted(new Ref(String.valueOf(Fields.scalar(body)), body.pos()), at);
            case "near" -> new Condition.Near(f(body).node("who").map(ConditionReader::target).orElse(new Target.Anyone()),
                    target(f(body).node("to").orElseThrow()), f(body).number("within", 1), at);
            case "elapsed" -> new Condition.Elapsed(f(body).millis("seconds"),
                    "scenario".equals(f(body).text("since", "step")) ? Condition.Since.SCENARIO : Condition.Since.STEP, at);
            case "variable" -> variable(f(body), at);
            case "state" -> new Condition.EntityState(f(body).ref("entity"), f(body).text("is", ""), at);
            case "count" -> new Condition.Count(read(f(body).node("of").orElseThrow()), f(body).integer("at_least", 1), at);
            case "score" -> score(f(body), at);
            case "expr" -> new Condition.Expression(ActionReader.expression(body, problems),
                    String.valueOf(Fields.scalar(body)), at);
            case "all" -> new Condition.All(list(body), at);
            case "any" -> new Condition.Any(list(body), at);
            case "not" -> new Condition.Not(read(body), at);
            default -> throw new IllegalStateException("schema let through condition '" + kind + "' at " + at);
        };
    }

    private static Fields f(YamlNode n) {
        return new Fields(n);
    }

    private List<Condition> list(YamlNode body) {
        List<Condition> out = new ArrayList<>();
        for (YamlNode item : ((YamlNode.Sequence) body).items()) {
            out.add(read(item));
        }
        return List.copyOf(out);
    }

    private Condition say(Fields body, SourcePos at) {
        Optional<Pattern> pattern = Optional.empty();
        Optional<String> regex = body.text("matches");
        if (regex.isPresent()) {
            try {
                pattern = Optional.of(Pattern.compile(regex.get()));
            } catch (PatternSyntaxException e) {
                problems.accept(body.posOf("matches"), "'matches' is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return new Condition.Say(body.text("contains"), pattern, body.text("example"), body.optRef("role"), at);
    }

    private static Condition variable(Fields body, SourcePos at) {
        for (Condition.Op op : Condition.Op.values()) {
            String key = op.name().toLowerCase(java.util.Locale.ROOT);
            Optional<YamlNode> v = body.node(key);
            if (v.isPresent()) {
                return new Condition.VariableIs(body.ref("name"), op, Fields.value(v.get()), at, v.get().pos());
            }
        }
        throw new IllegalStateException("schema let through a variable condition without operator at " + at);
    }

    private Condition score(Fields body, SourcePos at) {
        Condition.ScoreOf of;
        if (body.flag("someone", false)) {
            of = new Condition.ScoreOf.Someone(body.optRef("role"));
        } else if (body.has("role")) {
            of = new Condition.ScoreOf.OfRole(body.ref("role"));
        } else if (body.has("criterion")) {
            of = new Condition.ScoreOf.OfCriterion(body.ref("criterion"));
        } else {
            of = new Condition.ScoreOf.Team();
        }
        List<Condition.Op> ops = new ArrayList<>();
        for (Condition.Op op : Condition.Op.values()) {
            if (body.has(op.name().toLowerCase(java.util.Locale.ROOT))) {
                ops.add(op);
            }
        }
        if (ops.size() != 1) {
            problems.accept(at, "score needs exactly one comparison (eq, ne, lt, lte, gt or gte), found "
                    + (ops.isEmpty() ? "none" : ops.size()));
            return new Condition.ScoreIs(of, Condition.Op.GTE, 0, at);
        }
        Condition.Op op = ops.get(0);
        return new Condition.ScoreIs(of, op, body.number(op.name().toLowerCase(java.util.Locale.ROOT), 0), at);
    }

    private static Target target(YamlNode n) {
        Fields t = new Fields(n);
        if (t.has("role")) {
            return new Target.OfRole(t.ref("role"));
        }
        if (t.has("entity")) {
            return new Target.Thing(t.ref("entity"));
        }
        return new Target.Anyone();
    }
}
