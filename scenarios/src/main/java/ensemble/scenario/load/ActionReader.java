package ensemble.scenario.load;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Action.Audience;
import ensemble.scenario.model.Ref;
import ensemble.scenario.model.SourcePos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads schema-valid action lists ({@code [{message: {...}}, {goto: step}]}). */
final class ActionReader {

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
            case "message" -> new Action.Message(f(body).text("text", ""), audience(f(body), "everyone"), at);
            case "spawn" -> new Action.Spawn(f(body).ref("entity"), f(body).vec3("at"), at);
            case "despawn" -> new Action.Despawn(ref(body), at);
            case "move" -> new Action.Move(f(body).ref("entity"), f(body).vec3("to").orElseThrow(), at, f(body).posOf("to"));
            case "set_state" -> new Action.SetState(f(body).ref("entity"), f(body).text("state", ""), at);
            case "set" -> new Action.SetVariable(f(body).ref("variable"),
                    Fields.value(f(body).node("value").orElseThrow()), at, f(body).posOf("value"));
            case "increment" -> new Action.Increment(f(body).ref("variable"), f(body).number("by", 1), at);
            case "score" -> new Action.Score(f(body).ref("criterion"), f(body).integer("points", 0),
                    audience(f(body), "team"), f(body).text("reason", ""), at);
            case "goto" -> new Action.GotoStep(ref(body), at);
            case "end" -> new Action.End(String.valueOf(Fields.scalar(body)), at);
            case "sound" -> new Action.Sound(f(body).text("name", ""), f(body).optRef("at"), at);
            case "highlight" -> new Action.Highlight(f(body).ref("entity"), f(body).flag("on", true), at);
            default -> throw new IllegalStateException("schema let through action '" + kind + "' at " + at);
        };
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
