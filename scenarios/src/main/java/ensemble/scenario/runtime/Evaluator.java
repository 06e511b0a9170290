package ensemble.scenario.runtime;

import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Condition.Target;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Vec3;
import ensemble.scenario.model.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides whether a condition holds now, and who made it hold. */
final class Evaluator {

    /** Whether a condition holds, and the participant whose doing it was (the actor), when there is one. */
    record Truth(boolean holds, Optional<String> actor) {
        static final Truth FALSE = new Truth(false, Optional.empty());
        static final Truth TRUE = new Truth(true, Optional.empty());

        static Truth by(String participantId) {
            return new Truth(true, participantId == null || participantId.isEmpty() ? Optional.empty() : Optional.of(participantId));
        }
    }

    private final Scenario scenario;
    private final RunState state;

    Evaluator(Scenario scenario, RunState state) {
        this.scenario = scenario;
        this.state = state;
    }

    Truth eval(Condition c, Scope scope, long scenarioMs, WorldView view) {
        if (Events.isEvent(c)) {
            return scope.happenedBy(c).map(Truth::by).orElse(Truth.FALSE);
        }
        if (c instanceof Condition.All all) {
            Optional<String> actor = Optional.empty();
            for (Condition x : all.of()) {
                Truth t = eval(x, scope, scenarioMs, view);
                if (!t.holds()) {
                    return Truth.FALSE;
                }
                if (t.actor().isPresent()) {
                    actor = t.actor();
                }
            }
            return new Truth(true, actor);
        }
        if (c instanceof Condition.Any any) {
            for (Condition x : any.of()) {
                Truth t = eval(x, scope, scenarioMs, view);
                if (t.holds()) {
                    return t;
                }
            }
            return Truth.FALSE;
        }
        if (c instanceof Condition.Not not) {
            return eval(not.of(), scope, scenarioMs, view).holds() ? Truth.FALSE : Truth.TRUE;
        }
        if (c instanceof Condition.InZone in) {
            return inZone(in, view);
        }
        if (c instanceof Condition.Near near) {
            return near(near, view);
        }
        if (c instanceof Condition.Elapsed el) {
            long since = el.since() == Condition.Since.SCENARIO ? scenarioMs : scenarioMs - scope.startedAtMs;
            return since >= el.millis() ? Truth.TRUE : Truth.FALSE;
        }
        if (c instanceof Condition.VariableIs v) {
            return compare(state.variables.get(v.variable().id()), v.op(), v.value()) ? Truth.TRUE : Truth.FALSE;
        }
        if (c instanceof Condition.EntityState st) {
            return st.state().equals(state.entityStates.get(st.entity().id())) ? Truth.TRUE : Truth.FALSE;
        }
        if (c instanceof Condition.StepCompleted sc) {
            return state.completed.contains(sc.step().id()) ? Truth.TRUE : Truth.FALSE;
        }
        if (c instanceof Condition.Count count) {
            return scope.count(count.of()) >= count.atLeast()
                    ? scope.happenedBy(count.of()).map(Truth::by).orElse(Truth.TRUE) : Truth.FALSE;
        }
        if (c instanceof Condition.ScoreIs score) {
            return score(score);
        }
        if (c instanceof Condition.Expression e) {
            return Expressions.eval(e.expr(), state.variables) instanceof Value.Flag f && f.value() ? Truth.TRUE : Truth.FALSE;
        }
        throw new IllegalStateException("condition without evaluation: " + c);
    }

    private Truth score(Condition.ScoreIs score) {
        Value.Number expected = new Value.Number(score.value());
        Condition.ScoreOf of = score.of();
        if (of instanceof Condition.ScoreOf.Someone someone) {
            for (Map.Entry<String, String> p : state.roster.entrySet()) {
                boolean ofRole = someone.role().map(r -> r.id().equals(p.getValue())).orElse(true);
                if (ofRole && compare(new Value.Number(state.scores.participant(p.getKey())), score.op(), expected)) {
                    return Truth.by(p.getKey());
                }
            }
            return Truth.FALSE;
        }
        int total;
        if (of instanceof Condition.ScoreOf.OfRole r) {
            total = state.scores.role(r.role().id());
        } else if (of instanceof Condition.ScoreOf.OfCriterion c) {
            total = state.scores.criterion(c.criterion().id());
        } else {
            total = state.scores.team();
        }
        return compare(new Value.Number(total), score.op(), expected) ? Truth.TRUE : Truth.FALSE;
    }

    private Truth inZone(Condition.InZone in, WorldView view) {
        Optional<Zone> zone = scenario.zone(in.zone().id());
        if (zone.isEmpty()) {
            return Truth.FALSE;
        }
        int inside = 0;
        int total = 0;
        String first = null;
        for (WorldView.Participant p : view.participants()) {
            if (in.role().isPresent() && !in.role().get().id().equals(p.role())) {
                continue;
            }
            total++;
            if (zone.get().contains(p.head())) {
                inside++;
                first = first == null ? p.id() : first;
            }
        }
        boolean holds = in.everyone() ? total > 0 && inside == total && inside >= in.min() : inside >= in.min();
        return holds ? Truth.by(first) : Truth.FALSE;
    }

    private Truth near(Condition.Near near, WorldView view) {
        List<Located> whos = locate(near.who(), view);
        List<Located> tos = locate(near.to(), view);
        for (Located a : whos) {
            for (Located b : tos) {
                if (!a.id().equals(b.id()) && a.at().distanceTo(b.at()) <= near.within()) {
                    return Truth.by(a.participant() ? a.id() : b.participant() ? b.id() : null);
                }
            }
        }
        return Truth.FALSE;
    }

    private record Located(String id, Vec3 at, boolean participant) {
    }

    private List<Located> locate(Target t, WorldView view) {
        List<Located> out = new ArrayList<>();
        if (t instanceof Target.Thing thing) {
            state.entityAt(thing.entity().id(), view).ifPresent(at -> out.add(new Located(thing.entity().id(), at, false)));
            return out;
        }
        for (WorldView.Participant p : view.participants()) {
            if (t instanceof Target.OfRole r && !r.role().id().equals(p.role())) {
                continue;
            }
            out.add(new Located(p.id(), p.head(), true));
        }
        return out;
    }

    static boolean compare(Value actual, Condition.Op op, Value expected) {
        if (actual == null) {
            return false;
        }
        if (actual instanceof Value.Number a && expected instanceof Value.Number b) {
            int cmp = Double.compare(a.value(), b.value());
            return switch (op) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
            };
        }
        return switch (op) {
            case EQ -> actual.equals(expected);
            case NE -> !actual.equals(expected);
            default -> false;
        };
    }
}
