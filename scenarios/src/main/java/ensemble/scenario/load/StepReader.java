package ensemble.scenario.load;

import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Ref;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.TextTemplate;
import ensemble.scenario.model.Trigger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Reads steps (with tasks and branches) and triggers. */
final class StepReader {

    private final ConditionReader conditions;
    private final ActionReader actions;

    private final BiConsumer<SourcePos, String> problems;

    StepReader(ConditionReader conditions, ActionReader actions, BiConsumer<SourcePos, String> problems) {
        this.conditions = conditions;
        this.actions = actions;
        this.problems = problems;
    }

    Step step(YamlNode n) {
        Fields s = new Fields(n);
        Map<String, TextTemplate> instructions = new LinkedHashMap<>();
        Map<String, SourcePos> instructionPos = new LinkedHashMap<>();
        s.node("instructions").ifPresent(i -> {
            for (YamlNode.Entry e : ((YamlNode.Mapping) i).entries().values()) {
                instructions.put(e.key(), TemplateReader.read(e.value(), problems));
                instructionPos.put(e.key(), e.keyPos());
            }
        });
        return new Step(s.text("id", ""), s.text("title", s.text("id", "")),
                Map.copyOf(instructions), condition(s, "complete_when"),
                ScenarioReader.each(s.list("tasks"), this::task),
                ScenarioReader.each(s.list("tracks"), this::track),
                s.millis("time_limit"),
                actions.readAll(s.list("on_complete")), actions.readAll(s.list("on_timeout")),
                ScenarioReader.each(s.list("branches"), this::branch),
                s.optRef("next"), s.pos(), Map.copyOf(instructionPos));
    }

    /** {@code {when, goto: step}} or {@code {when, end: outcome}}. */
    private Step.Branch branch(YamlNode n) {
        Fields b = new Fields(n);
        Condition when = conditions.read(b.node("when").orElseThrow());
        if (b.has("goto") == b.has("end")) {
            problems.accept(b.pos(), b.has("goto") ? "a branch has 'goto' or 'end', not both"
                    : "a branch needs where to go: 'goto: <step>' or 'end: <outcome>'");
        }
        Step.Exit exit = b.has("end") ? new Step.Exit.ToEnd(b.text("end", ""), b.posOf("end"))
                : new Step.Exit.ToStep(b.optRef("goto").orElse(new Ref("", b.pos())));
        return new Step.Branch(when, exit, b.pos());
    }

    private Step.Track track(YamlNode n) {
        Fields t = new Fields(n);
        Ref role = t.ref("role");
        return new Step.Track(t.text("id", ""), role, ScenarioReader.each(t.list("tasks"), task -> task(task, role)), t.pos());
    }

    private Step.Task task(YamlNode n) {
        return task(n, new Fields(n).ref("role"));
    }

    private Step.Task task(YamlNode n, Ref role) {
        Fields t = new Fields(n);
        TextTemplate text = t.node("instructions").map(i -> TemplateReader.read(i, problems)).orElse(TextTemplate.plain(""));
        return new Step.Task(t.text("id", ""), role, text,
                conditions.read(t.node("complete_when").orElseThrow()),
                actions.readAll(t.list("on_complete")), t.pos());
    }

    Trigger trigger(YamlNode n) {
        Fields t = new Fields(n);
        long every = t.millis("every");
        long after = t.has("after") ? t.millis("after") : every;
        boolean once = t.flag("once", every == 0);
        return new Trigger(t.text("id", ""), condition(t, "when"), after, every, t.text("inject"),
                ScenarioReader.each(t.list("during"), d -> new Ref(String.valueOf(Fields.scalar(d)), d.pos())),
                once, actions.readAll(t.list("do")), t.pos());
    }

    private Optional<Condition> condition(Fields f, String key) {
        return f.node(key).map(conditions::read);
    }
}
