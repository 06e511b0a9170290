package ensemble.scenario.validate;

import ensemble.scenario.BoundedRegex;
import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Action;
import ensemble.scenario.model.Box;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Ref;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Variable;
import ensemble.scenario.model.Vec3;
import ensemble.scenario.model.Zone;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Conditions that can never hold and actions that can never do what they say: zones nobody can
 * reach, grabbing what cannot be grabbed, comparisons with a value of the wrong kind, chat
 * conditions without text, states nothing sets, waits longer than the step's time limit.
 */
final class ConditionCheck implements Walk.Visitor {

    private final Scenario s;
    private final Report report;
    private final Map<String, Set<String>> reachableStates = new HashMap<>();

    private ConditionCheck(Scenario s, Report report) {
        this.s = s;
        this.report = report;
        s.entities().forEach(e -> reachableStates.computeIfAbsent(e.id(), k -> new HashSet<>()).add(e.state()));
    }

    static void run(Scenario s, Report report) {
        ConditionCheck check = new ConditionCheck(s, report);
        Walk.scenario(s, new Walk.Visitor() {
            @Override
            public void action(Action a, Walk.Context where) {
                if (a instanceof Action.SetState st) {
                    check.reachableStates.computeIfAbsent(st.entity().id(), k -> new HashSet<>()).add(st.state());
                }
            }
        });
        Walk.scenario(s, check);
    }

    @Override
    public void condition(Condition c, Walk.Context where) {
        if (c instanceof Condition.Grab g) {
            entity(g.entity()).filter(e -> !e.grabbable()).ifPresent(e -> report.error(g.pos(),
                    "condition can never hold: entity '" + e.id() + "' is not grabbable (add grabbable: true)"));
        } else if (c instanceof Condition.Release r) {
            entity(r.entity()).filter(e -> !e.grabbable()).ifPresent(e -> report.error(r.pos(),
                    "condition can never hold: entity '" + e.id() + "' is not grabbable, so it is never released"));
        } else if (c instanceof Condition.Use u) {
            entity(u.entity()).filter(e -> !e.usable()).ifPresent(e -> report.error(u.pos(),
                    "condition can never hold: entity '" + e.id() + "' is not usable (add usable: true)"));
        } else if (c instanceof Condition.EnterZone e) {
            zoneReach(e.zone(), e.pos());
        } else if (c instanceof Condition.LeaveZone l) {
            zoneReach(l.zone(), l.pos());
        } else if (c instanceof Condition.InZone i) {
            zoneReach(i.zone(), i.pos());
            inZoneCount(i);
        } else if (c instanceof Condition.Say say) {
            say(say);
        } else if (c instanceof Condition.VariableIs v) {
            variable(v);
        } else if (c instanceof Condition.EntityState st) {
            Set<String> states = reachableStates.getOrDefault(st.entity().id(), Set.of());
            if (s.entity(st.entity().id()).isPresent() && !states.contains(st.state())) {
                report.warning(st.pos(), "condition can never hold: nothing sets entity '" + st.entity().id()
                        + "' to state '" + st.state() + "'");
            }
        } else if (c instanceof Condition.Elapsed el && el.since() == Condition.Since.STEP) {
            where.step().filter(st -> where.task().isEmpty() && st.timeLimitMs() > 0 && el.millis() >= st.timeLimitMs())
                    .ifPresent(st -> report.warning(el.pos(), "condition can never hold: step '" + st.id()
                            + "' times out after " + st.timeLimitMs() / 1000.0 + " s, before " + el.millis() / 1000.0 + " s pass"));
        } else if (c instanceof Condition.Count count && !Condition.isEvent(count.of())) {
            report.error(count.of().pos(), "count counts events (grab, release, use, enter_zone, leave_zone, say); '"
                    + kindOf(count.of()) + "' is not an event, it holds or not (use it without count)");
        } else if (c instanceof Condition.ScoreIs score) {
            score(score);
        } else if (c instanceof Condition.StepCompleted sc) {
            where.step().filter(st -> where.task().isEmpty() && st.id().equals(sc.step().id()))
                    .ifPresent(st -> report.error(sc.pos(), "condition can never hold: step '" + st.id()
                            + "' cannot wait for its own completion"));
        }
    }

    @Override
    public void action(Action a, Walk.Context where) {
        if (a instanceof Action.Increment inc) {
            s.variable(inc.variable().id()).filter(v -> v.initial().kind() != Value.Kind.NUMBER).ifPresent(v ->
                    report.error(inc.pos(), "variable '" + v.name() + "' holds " + Value.kindName(v.initial().kind())
                            + ", only numbers can be incremented"));
        } else if (a instanceof Action.Message m && m.to() instanceof Action.Audience.Actor && !where.hasActor()) {
            report.warning(m.pos(), "no participant causes this (timer, time-out or inject), so 'to: actor' "
                    + "sends the message to everyone");
        } else if (a instanceof Action.Score sc && sc.to() instanceof Action.Audience.Actor && !where.hasActor()) {
            report.warning(sc.pos(), "no participant causes this (timer, time-out or inject), so 'to: actor' "
                    + "gives the points to the team");
        }
    }

    /** The YAML key of a condition, for messages. */
    private static String kindOf(Condition c) {
        String name = c.getClass().getSimpleName();
        return switch (name) {
            case "InZone" -> "in_zone";
            case "VariableIs" -> "variable";
            case "EntityState" -> "state";
            case "StepCompleted" -> "step_completed";
            case "ScoreIs" -> "score";
            case "Expression" -> "expr";
            default -> name.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A score above what the rubric can ever award. */
    private void score(Condition.ScoreIs score) {
        int most = score.of() instanceof Condition.ScoreOf.OfCriterion c
                ? s.scoring().criterion(c.criterion().id()).map(x -> x.maxPoints()).orElse(Integer.MAX_VALUE)
                : s.scoring().criteria().stream().mapToInt(x -> x.maxPoints()).sum();
        boolean needsMore = switch (score.op()) {
            case GT -> score.value() >= most;
            case GTE, EQ -> score.value() > most;
            default -> false;
        };
        if (needsMore) {
            report.warning(score.pos(), "condition can never hold: it needs more than " + most
                    + " points, the most the rubric can award here");
        }
    }

    private Optional<Entity> entity(Ref ref) {
        return s.entity(ref.id());
    }

    private void zoneReach(Ref zoneRef, ensemble.scenario.model.SourcePos pos) {
        Optional<Zone> zone = s.zone(zoneRef.id());
        if (zone.isEmpty()) {
            return;
        }
        Box bounds = s.environment().bounds();
        if (bounds.isEmpty()) {
            return; // reported by RangeCheck
        }
        Box heads = new Box(new Vec3(bounds.min().x(), Math.max(bounds.min().y(), ScenarioLimits.HEAD_MIN_Y), bounds.min().z()),
                new Vec3(bounds.max().x(), Math.min(bounds.max().y(), ScenarioLimits.HEAD_MAX_Y), bounds.max().z()));
        Box z = zone.get().shape().boundingBox();
        if (!z.intersects(bounds)) {
            report.warning(pos, "condition can never hold: zone '" + zoneRef.id()
                    + "' lies outside the scene bounds, no participant can reach it");
        } else if (!z.intersects(heads)) {
            report.warning(pos, "condition can never hold: zone '" + zoneRef.id() + "' spans heights "
                    + z.min().y() + " to " + z.max().y() + " m, but participants' heads are between "
                    + ScenarioLimits.HEAD_MIN_Y + " and " + ScenarioLimits.HEAD_MAX_Y + " m");
        }
    }

    private void inZoneCount(Condition.InZone i) {
        int most = i.role().map(r -> s.role(r.id()).map(x -> x.maxCount()).orElse(Integer.MAX_VALUE))
                .orElse(s.roles().stream().mapToInt(x -> x.maxCount()).sum());
        if (i.min() > most) {
            report.warning(i.pos(), "condition can never hold: it needs " + i.min() + " participants in the zone but "
                    + (i.role().isPresent() ? "role '" + i.role().get().id() + "' allows" : "the roles allow") + " at most " + most);
        }
    }

    private void say(Condition.Say say) {
        if (say.contains().isEmpty() && say.matches().isEmpty()) {
            report.error(say.pos(), "say needs 'contains' or 'matches': which words should be said?");
            return;
        }
        say.contains().filter(String::isBlank).ifPresent(t ->
                report.error(say.pos(), "say with empty text: 'contains' must have at least one non-blank character"));
        say.matches().ifPresent(p -> {
            if (BoundedRegex.found(p, "")) {
                report.warning(say.pos(), "'matches' also matches an empty line, so any chat line satisfies it");
            }
            say.example().ifPresent(ex -> {
                switch (BoundedRegex.find(p, ex)) {
                    case NOT_FOUND -> report.error(say.pos(),
                            "example '" + ex + "' does not match the pattern '" + p.pattern() + "'");
                    case TOO_COSTLY -> report.error(say.pos(), "the pattern '" + p.pattern() + "' backtracks too much on"
                            + " its example; chat is matched with a bound, so it would never match: simplify it");
                    case FOUND -> { }
                }
            });
        });
    }

    private void variable(Condition.VariableIs v) {
        Optional<Variable> decl = s.variable(v.variable().id());
        if (decl.isEmpty()) {
            return;
        }
        Value.Kind kind = decl.get().initial().kind();
        boolean ordering = v.op() != Condition.Op.EQ && v.op() != Condition.Op.NE;
        if (ordering && kind != Value.Kind.NUMBER) {
            report.error(v.pos(), "variable '" + v.variable().id() + "' holds " + Value.kindName(kind)
                    + ", it cannot be compared with " + v.op().name().toLowerCase(java.util.Locale.ROOT));
        } else if (v.value().kind() != kind) {
            report.error(v.valuePos(), "condition can never hold: variable '" + v.variable().id() + "' holds "
                    + Value.kindName(kind) + ", compared to " + Value.kindName(v.value().kind()) + " '" + v.value() + "'");
        }
    }
}
