package ensemble.scenario.load;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.model.DebriefQuestion;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Environment;
import ensemble.scenario.model.Objective;
import ensemble.scenario.model.Role;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Scoring;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Variable;
import ensemble.scenario.model.Vec3;
import ensemble.scenario.model.Zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Builds the {@link Scenario} model from a tree that passed the JSON Schema, keeping the source
 * position of every node. Problems the schema cannot express (a bad regular expression) are added
 * to {@code problems}.
 */
public final class ScenarioReader {

    private final Path file;
    private final List<Diagnostic> problems;
    private final ConditionReader conditions;
    private final ActionReader actions;
    private final BiConsumer<SourcePos, String> problem;

    private ScenarioReader(Path file, List<Diagnostic> problems) {
        this.file = file;
        this.problems = problems;
        this.problem = (pos, msg) -> problems.add(Diagnostic.error(file, pos, msg));
        this.conditions = new ConditionReader(problem);
        this.actions = new ActionReader(conditions, problem);
    }

    /** Reads {@code root}, which must be valid against the scenario schema. */
    public static Scenario read(Path file, YamlNode root, List<Diagnostic> problems) {
        return new ScenarioReader(file, problems).scenario(new Fields(root));
    }

    private Scenario scenario(Fields f) {
        Environment env = environment(new Fields(f.node("environment").orElseThrow()));
        StepReader steps = new StepReader(conditions, actions, problem);
        return new Scenario(
                f.text("id", ""), f.text("version", ""), f.text("title", ""), f.text("summary", ""),
                f.integer("duration_minutes", 0),
                each(f.list("objectives"), n -> {
                    Fields o = new Fields(n);
                    return new Objective(o.text("id", ""), o.text("text", ""), o.pos());
                }),
                each(f.list("roles"), this::role),
                env,
                variables(f),
                each(f.list("entities"), this::entity),
                each(f.list("zones"), this::zone),
                each(f.list("steps"), steps::step),
                each(f.list("triggers"), steps::trigger),
                f.node("scoring").map(this::scoring).orElse(Scoring.NONE),
                each(f.list("debrief"), n -> {
                    Fields d = new Fields(n);
                    return new DebriefQuestion(d.text("question", ""), d.optRef("objective"), d.pos());
                }),
                file, f.pos());
    }

    static <T> List<T> each(List<YamlNode> nodes, Function<YamlNode, T> read) {
        List<T> out = new ArrayList<>(nodes.size());
        for (YamlNode n : nodes) {
            out.add(read.apply(n));
        }
        return List.copyOf(out);
    }

    private Role role(YamlNode n) {
        Fields r = new Fields(n);
        return new Role(r.text("id", ""), r.text("name", ""), r.integer("min", 1), r.integer("max", 1),
                r.vec3("spawn").orElse(Vec3.ZERO), r.text("color", "grey"), r.pos(), r.posOf("spawn"));
    }

    private Environment environment(Fields e) {
        Fields floorF = new Fields(e.node("floor").orElseThrow());
        Environment.Floor floor = new Environment.Floor(floorF.number("width", 10), floorF.number("depth", 10),
                floorF.text("color", "grey"));
        double height = e.number("height", 4);
        boolean explicit = e.has("bounds");
        var bounds = explicit
                ? new ensemble.scenario.model.Box(new Fields(e.node("bounds").get()).vec3("min").orElseThrow(),
                        new Fields(e.node("bounds").get()).vec3("max").orElseThrow())
                : Environment.derivedBounds(floor, height);
        List<Environment.Wall> walls = each(e.list("walls"), n -> {
            Fields w = new Fields(n);
            List<YamlNode> from = w.list("from");
            List<YamlNode> to = w.list("to");
            return new Environment.Wall(Fields.num(from.get(0)), Fields.num(from.get(1)),
                    Fields.num(to.get(0)), Fields.num(to.get(1)), w.number("height", 3),
                    w.number("thickness", 0.2), w.text("color", "white"), w.pos());
        });
        List<Environment.Light> lights = each(e.list("lights"), n -> {
            Fields l = new Fields(n);
            Environment.LightKind kind = Environment.LightKind.valueOf(l.text("type", "ambient").toUpperCase(Locale.ROOT));
            Vec3 vector = l.vec3(kind == Environment.LightKind.POINT ? "position" : "direction")
                    .orElse(kind == Environment.LightKind.POINT ? new Vec3(0, height * 0.9, 0) : new Vec3(-0.5, -1, -0.3));
            return new Environment.Light(kind, l.text("color", "white"), l.number("intensity", 1), vector, l.pos());
        });
        return new Environment(floor, height, bounds, explicit, walls, lights, e.text("sky", "#a0c8f0"), e.pos());
    }

    private List<Variable> variables(Fields f) {
        return f.node("variables").map(n -> {
            List<Variable> out = new ArrayList<>();
            for (YamlNode.Entry entry : ((YamlNode.Mapping) n).entries().values()) {
                out.add(new Variable(entry.key(), Fields.value(entry.value()), entry.keyPos()));
            }
            return List.copyOf(out);
        }).orElse(List.of());
    }

    private Entity entity(YamlNode n) {
        Fields e = new Fields(n);
        Entity.Shape shape = e.has("model")
                ? new Entity.Model(e.text("model", ""), e.posOf("model"))
                : new Entity.Primitive(Entity.PrimitiveKind.valueOf(e.text("shape", "box").toUpperCase(Locale.ROOT)),
                        e.vec3("size").orElse(new Vec3(0.5, 0.5, 0.5)));
        Vec3 scale = e.node("scale").map(s -> s instanceof YamlNode.Sequence ? Fields.vec3(s)
                : Vec3.ONE.times(Fields.num(s))).orElse(Vec3.ONE);
        return new Entity(e.text("id", ""), shape, e.vec3("position").orElse(Vec3.ZERO),
                e.vec3("rotation").orElse(Vec3.ZERO), scale, e.text("color", "grey"),
                e.flag("grabbable", false), e.flag("usable", false), e.text("state", "idle"),
                e.text("label"), !e.flag("hidden", false), e.pos(), e.posOf("position"));
    }

    private Zone zone(YamlNode n) {
        Fields z = new Fields(n);
        Zone.Shape shape;
        if (z.has("box")) {
            Fields b = new Fields(z.node("box").get());
            shape = new Zone.BoxShape(b.vec3("center").orElseThrow(), b.vec3("size").orElseThrow());
        } else {
            Fields s = new Fields(z.node("sphere").orElseThrow());
            shape = new Zone.SphereShape(s.vec3("center").orElseThrow(), s.number("radius", 1));
        }
        return new Zone(z.text("id", ""), shape, z.pos());
    }

    private Scoring scoring(YamlNode n) {
        Fields s = new Fields(n);
        return new Scoring(each(s.list("criteria"), c -> {
            Fields cf = new Fields(c);
            return new Scoring.Criterion(cf.text("id", ""), cf.optRef("objective").orElse(null),
                    cf.text("description", ""), cf.integer("points", 0), cf.pos());
        }), s.integer("pass_mark", 0), s.pos());
    }
}
