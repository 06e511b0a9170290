package ensemble.scenario.validate;

import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Action;
import ensemble.scenario.model.Box;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Environment;
import ensemble.scenario.model.Role;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Scoring;
import ensemble.scenario.model.Trigger;
import ensemble.scenario.model.Vec3;

/**
 * Numbers the schema cannot judge alone: counts against each other, positions against the scene
 * bounds, points against the rubric, triggers that never fire.
 */
final class RangeCheck {

    private RangeCheck() {
    }

    static void run(Scenario s, Report report) {
        Environment env = s.environment();
        Box b = env.bounds();
        if (b.isEmpty()) {
            report.error(env.pos(), "scene bounds are empty: min " + b.min() + " must be below max " + b.max() + " on every axis");
            return;
        }
        Vec3 size = b.max().minus(b.min());
        if (Math.max(size.x(), Math.max(size.y(), size.z())) > ScenarioLimits.MAX_BOUNDS_METRES) {
            report.error(env.pos(), "scene bounds larger than " + (int) ScenarioLimits.MAX_BOUNDS_METRES
                    + " m cannot be quantised to millimetres");
        }
        if (env.boundsExplicit() && !b.contains(new Vec3(-env.floor().width() / 2, b.min().y(), -env.floor().depth() / 2))
                || env.boundsExplicit() && !b.contains(new Vec3(env.floor().width() / 2, b.min().y(), env.floor().depth() / 2))) {
            report.warning(env.pos(), "the floor reaches outside the scene bounds; positions there are clamped");
        }
        for (Role r : s.roles()) {
            if (r.minCount() > r.maxCount()) {
                report.error(r.pos(), "role '" + r.id() + "': min " + r.minCount() + " is greater than max " + r.maxCount());
            }
            if (!b.contains(r.spawn())) {
                report.error(r.spawnPos(), "role '" + r.id() + "' spawns at " + r.spawn() + ", outside the scene bounds "
                        + b.min() + " to " + b.max());
            }
        }
        for (Entity e : s.entities()) {
            if (!b.contains(e.position())) {
                report.error(e.positionPos(), "entity '" + e.id() + "' at " + e.position() + " is outside the scene bounds "
                        + b.min() + " to " + b.max());
            }
        }
        for (Trigger t : s.triggers()) {
            if (t.when().isEmpty() && t.afterMs() == 0 && t.injectLabel().isEmpty()) {
                report.error(t.pos(), "trigger '" + t.id() + "' never fires: give it when, after, every or inject");
            }
        }
        int total = s.scoring().criteria().stream().mapToInt(Scoring.Criterion::maxPoints).sum();
        if (s.scoring().passMark() > total) {
            report.error(s.scoring().pos(), "pass_mark " + s.scoring().passMark() + " can never be reached: the criteria award at most " + total);
        }
        Walk.scenario(s, new Walk.Visitor() {
            @Override
            public void action(Action a, Walk.Context where) {
                if (a instanceof Action.Spawn sp && sp.at().isPresent() && !b.contains(sp.at().get())) {
                    report.error(sp.pos(), "spawn position " + sp.at().get() + " is outside the scene bounds");
                } else if (a instanceof Action.Move m && !b.contains(m.to())) {
                    report.error(m.toPos(), "move target " + m.to() + " is outside the scene bounds");
                } else if (a instanceof Action.Score sc) {
                    s.scoring().criterion(sc.criterion().id()).filter(c -> Math.abs(sc.points()) > c.maxPoints()).ifPresent(c ->
                            report.warning(sc.pos(), "awards " + sc.points() + " points, but criterion '" + c.id()
                                    + "' is worth at most " + c.maxPoints()));
                }
            }
        });
    }
}
