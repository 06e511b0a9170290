package ensemble.scenario.validate;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Ref;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Scoring;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.Trigger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Duplicate ids, and references to roles, entities, zones, steps, ... that do not exist. */
final class ReferenceCheck {

    private final Scenario s;
    private final Report report;
    private final Set<String> roles;
    private final Set<String> entities;
    private final Set<String> zones;
    private final Set<String> steps;
    private final Set<String> stepsAndTasks;
    private final Set<String> variables;
    private final Set<String> objectives;
    private final Set<String> criteria;

    private ReferenceCheck(Scenario s, Report report) {
        this.s = s;
        this.report = report;
        roles = ids(s.roles(), r -> r.id());
        entities = ids(s.entities(), e -> e.id());
        zones = ids(s.zones(), z -> z.id());
        steps = ids(s.steps(), Step::id);
        stepsAndTasks = new java.util.HashSet<>(steps);
        s.steps().forEach(st -> st.allTasks().forEach(t -> stepsAndTasks.add(t.id())));
        s.steps().forEach(st -> st.tracks().forEach(t -> stepsAndTasks.add(t.id())));
        variables = ids(s.variables(), v -> v.name());
        objectives = ids(s.objectives(), o -> o.id());
        criteria = ids(s.scoring().criteria(), Scoring.Criterion::id);
    }

    static void run(Scenario s, Report report) {
        new ReferenceCheck(s, report).run();
    }

    private static <T> Set<String> ids(java.util.List<T> items, Function<T, String> id) {
        return items.stream().map(id).collect(Collectors.toSet());
    }

    private void run() {
        duplicates();
        s.roles().stream().filter(r -> r.id().equals(Step.EVERYONE)).forEach(r ->
                report.error(r.pos(), "role id 'everyone' is reserved (it addresses instructions to all roles)"));
        for (Step step : s.steps()) {
            step.instructions().keySet().stream().filter(k -> !k.equals(Step.EVERYONE) && !roles.contains(k)).forEach(k ->
                    report.error(step.instructionPos().get(k), "instructions for unknown role '" + k + "'" + known(roles)));
            step.branches().stream().map(Step.Branch::exit).filter(x -> x instanceof Step.Exit.ToStep)
                    .forEach(x -> known(((Step.Exit.ToStep) x).step(), steps, "step"));
            step.next().ifPresent(n -> known(n, steps, "step"));
            step.tasks().forEach(t -> known(t.role(), roles, "role"));
            step.tracks().forEach(t -> known(t.role(), roles, "role"));
        }
        for (Trigger t : s.triggers()) {
            t.during().forEach(d -> known(d, steps, "step"));
        }
        for (Scoring.Criterion c : s.scoring().criteria()) {
            if (c.objective() != null) {
                known(c.objective(), objectives, "learning objective");
            }
        }
        s.debrief().forEach(q -> q.objective().ifPresent(o -> known(o, objectives, "learning objective")));
        Walk.scenario(s, new Walk.Visitor() {
            @Override
            public void condition(Condition c, Walk.Context where) {
                conditionRefs(c);
            }

            @Override
            public void action(Action a, Walk.Context where) {
                actionRefs(a);
            }
        });
    }

    private void duplicates() {
        dup(s.roles(), r -> r.id(), r -> r.pos(), "role");
        dup(s.entities(), e -> e.id(), e -> e.pos(), "entity");
        dup(s.zones(), z -> z.id(), z -> z.pos(), "zone");
        dup(s.triggers(), t -> t.id(), t -> t.pos(), "trigger");
        dup(s.objectives(), o -> o.id(), o -> o.pos(), "learning objective");
        dup(s.scoring().criteria(), c -> c.id(), c -> c.pos(), "criterion");
        Map<String, SourcePos> seen = new HashMap<>();
        for (Step step : s.steps()) {
            once(seen, step.id(), step.pos(), "step");
            step.tracks().forEach(t -> once(seen, t.id(), t.pos(), "step, task or track"));
            step.allTasks().forEach(t -> once(seen, t.id(), t.pos(), "step, task or track"));
        }
    }

    private <T> void dup(java.util.List<T> items, Function<T, String> id, Function<T, SourcePos> pos, String kind) {
        Map<String, SourcePos> seen = new HashMap<>();
        items.forEach(i -> once(seen, id.apply(i), pos.apply(i), kind));
    }

    private void once(Map<String, SourcePos> seen, String id, SourcePos pos, String kind) {
        SourcePos first = seen.putIfAbsent(id, pos);
        if (first != null) {
            report.error(pos, "duplicate " + kind + " id '" + id + "' (first defined at line " + first.line() + ")");
        }
    }

    private void conditionRefs(Condition c) {
        if (c instanceof Condition.Grab g) {
            known(g.entity(), entities, "entity");
            role(g.role());
        } else if (c instanceof Condition.Release r) {
            known(r.entity(), entities, "entity");
            role(r.role());
        } else if (c instanceof Condition.Use u) {
            known(u.entity(), entities, "entity");
            role(u.role());
        } else if (c instanceof Condition.EnterZone e) {
            known(e.zone(), zones, "zone");
            role(e.role());
        } else if (c instanceof Condition.LeaveZone l) {
            known(l.zone(), zones, "zone");
            role(l.role());
        } else if (c instanceof Condition.InZone i) {
            known(i.zone(), zones, "zone");
            role(i.role());
        } else if (c instanceof Condition.Say say) {
            role(say.role());
        } else if (c instanceof Condition.StepCompleted sc) {
            known(sc.step(), stepsAndTasks, "step, task or track");
        } else if (c instanceof Condition.Near n) {
            target(n.who());
            target(n.to());
        } else if (c instanceof Condition.VariableIs v) {
            known(v.variable(), variables, "variable");
        } else if (c instanceof Condition.EntityState st) {
            known(st.entity(), entities, "entity");
        } else if (c instanceof Condition.ScoreIs score) {
            if (score.of() instanceof Condition.ScoreOf.OfRole r) {
                known(r.role(), roles, "role");
            } else if (score.of() instanceof Condition.ScoreOf.OfCriterion cr) {
                known(cr.criterion(), criteria, "criterion");
            } else if (score.of() instanceof Condition.ScoreOf.Someone someone) {
                role(someone.role());
            }
        }
    }

    private void target(Condition.Target t) {
        if (t instanceof Condition.Target.OfRole r) {
            known(r.role(), roles, "role");
        } else if (t instanceof Condition.Target.Thing th) {
            known(th.entity(), entities, "entity");
        }
    }

    private void actionRefs(Action a) {
        if (a instanceof Action.Message m) {
            audience(m.to());
        } else if (a instanceof Action.Spawn sp) {
            known(sp.entity(), entities, "entity");
        } else if (a instanceof Action.Despawn d) {
            known(d.entity(), entities, "entity");
        } else if (a instanceof Action.Move m) {
            known(m.entity(), entities, "entity");
        } else if (a instanceof Action.SetState st) {
            known(st.entity(), entities, "entity");
        } else if (a instanceof Action.SetVariable sv) {
            known(sv.variable(), variables, "variable");
        } else if (a instanceof Action.Increment inc) {
            known(inc.variable(), variables, "variable");
        } else if (a instanceof Action.Score sc) {
            known(sc.criterion(), criteria, "criterion");
            audience(sc.to());
        } else if (a instanceof Action.GotoStep g) {
            known(g.step(), steps, "step");
        } else if (a instanceof Action.Sound snd) {
            snd.at().ifPresent(at -> known(at, entities, "entity"));
        } else if (a instanceof Action.Highlight h) {
            known(h.entity(), entities, "entity");
        }
    }

    private void audience(Action.Audience to) {
        if (to instanceof Action.Audience.OfRole r) {
            known(r.role(), roles, "role");
        }
    }

    private void role(Optional<Ref> role) {
        role.ifPresent(r -> known(r, roles, "role"));
    }

    private void known(Ref ref, Set<String> ids, String kind) {
        if (!ids.contains(ref.id())) {
            report.error(ref.pos(), "unknown " + kind + " '" + ref.id() + "'" + known(ids));
        }
    }

    private static String known(Set<String> ids) {
        if (ids.isEmpty()) {
            return " (none is defined)";
        }
        return " (known: " + ids.stream().sorted().limit(12).collect(Collectors.joining(", ")) + ")";
    }
}
