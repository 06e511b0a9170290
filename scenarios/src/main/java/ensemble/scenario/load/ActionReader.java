package ensemble.scenario.load;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Action.Audience;
import ensemble.scenario.model.Expr;
import ensemble.scenario.model.Ref;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reads schema-valid action lists ({@code [{message: {...}}, {goto: step}]}). */
final class ActionReader {

    private final ConditionReader conditions;
    private final BiConsumer<SourcePos, String> problems;

    /** @param problems receives what the schema cannot judge (a bad expression or text hole) */
    ActionReader(ConditionReader conditions, BiConsumer<SourcePos, String> problems) {
        this.conditions = conditions;
        this.problems = problems;
    }

    List<Action> readAll(List<YamlNode> nodes) {
        List<Action> out = new ArrayList<>();
        for (YamlNode n : nodes) {
            out.add(read(n));
        }
        return List.copyOf(out);
    }

    Action read(YamlNode node) {
        YamlNode.Mapping m = (YamlNode.Mapping) node;
        Map.Entry<String, YamlNode.Entry> only = m.entries().entrySet().iterator().next();
        String kind = only.getKey();
        YamlNode body = only.getValue().value();
        SourcePos at = only.getValue().keyPos();
        return switch (kind) {
            case "message" -> new Action.Message(TemplateReader.read(f(body).node("text").orElseThrow(), problems),
                    audience(f(body), "everyone"), at);
            case "spawn" -> new Action.Spawn(f(body).ref("entity"), f(body).vec3("at"), at);
            case "despawn" -> new Action.Despawn(ref(body), at);
            case "move" -> new Action.Move(f(body).ref("entity"), f(body).vec3("to").orElseThrow(), at, f(body).posOf("to"));
            case "set_state" -> new Action.SetState(f(body).ref("entity"), f(body).text("state", ""), at);
            case "set" -> set(f(body), at);
            case "increment" -> new Action.Increment(f(body).ref("variable"), f(body).number("by", 1), at);
            case "score" -> new Action.Score(f(body).ref("criterion"), f(body).integer("points", 0),
                    audience(f(body), "team"), f(body).text("reason", ""), at);
            case "goto" -> new Action.GotoStep(ref(body), at);
            case "end" -> new Action.End(String.valueOf(Fields.scalar(body)), at);
            case "sound" -> new Action.Sound(f(body).text("name", ""), f(body).optRef("at"), at);
            case "highlight" -> new Action.Highlight(f(body).ref("entity"), f(body).flag("on", true), at);
            case "if" -> new Action.If(conditions.read(f(body).node("when").orElseThrow()), readAll(f(body).list("then")),
                    readAll(f(body).list("else")), at);
            case "random" -> new Action.Random(ScenarioReader.each(((YamlNode.Sequence) body).items(), n -> {
                Fields choice = new Fields(n);
                return new Action.Choice(choice.integer("weight", 1), readAll(choice.list("do")), choice.pos());
            }), at);
            default -> throw new IllegalStateException("schema let through action '" + kind + "' at " + at);
        };
    }

    /** {@code set: {variable, value}} or {@code set: {variable, expr}}; the schema allows exactly one. */
    private Action set(Fields body, SourcePos at) {
        Ref variable = body.ref("variable");
        if (body.has("value")) {
            YamlNode v = body.node("value").orElseThrow();
            return new Action.SetVariable(variable, new Expr.Literal(Fields.value(v), v.pos()), at, v.pos());
        }
        YamlNode e = body.node("expr").orElseThrow();
        return new Action.SetVariable(variable, expression(e, problems), at, e.pos());
    }

    /** Parses a scalar as an expression; a mistake goes to {@code problems} and gives a placeholder. */
    static Expr expression(YamlNode node, BiConsumer<SourcePos, String> problems) {
        YamlNode.Scalar scalar = (YamlNode.Scalar) node;
        ExprParser.Result r = ExprParser.parse(String.valueOf(scalar.value()), scalar::at);
        r.problem().ifPresent(p -> problems.accept(p.pos(), p.message()));
        return r.expr().orElse(new Expr.Literal(new Value.Flag(false), node.pos()));
    }

    private static Fields f(YamlNode n) {
        return new Fields(n);
    }

    private static Ref ref(YamlNode n) {
        return new Ref(String.valueOf(Fields.scalar(n)), n.pos());
    }

    private static Audience audience(Fields body, String fallback) {
        if (body.has("role")) {
            return new Audience.OfRole(body.ref("role"));
        }
        return "actor".equals(body.text("to", fallback)) ? new Audience.Actor() : new Audience.Everyone();
    }
}
