package ensemble.scenario.runtime;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Scoring;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Vec3;

import java.util.List;
import java.util.Optional;

/**
 * Runs action lists: updates the run state and appends the effects. A {@code goto} or {@code end}
 * is not taken here but returned, the first one winning, for the step machine to apply.
 */
final class ActionRunner {

    /** Where a goto or end action asks to go: a step id, or the end with an outcome. */
    sealed interface Jump {
        record ToStep(String stepId) implements Jump {
        }

        record ToEnd(String outcome) implements Jump {
        }
    }

    /**
     * Where actions run: who caused them (the actor), and for the conditions of {@code if} actions
     * the scope they are looked at in, the scenario time and the world.
     */
    record Context(Optional<String> actor, Scope scope, long scenarioMs, WorldView view) {
    }

    private final Scenario scenario;
    private final RunState state;
    private final Evaluator evaluator;
    private final Draws draws;

    ActionRunner(Scenario scenario, RunState state, Evaluator evaluator, Draws draws) {
        this.scenario = scenario;
        this.state = state;
        this.evaluator = evaluator;
        this.draws = draws;
    }

    Optional<Jump> run(List<Action> actions, Context where, List<Effect> out) {
        Optional<Jump> jump = Optional.empty();
        for (Action a : actions) {
            Optional<Jump> j = run(a, where, out);
            if (jump.isEmpty()) {
                jump = j;
            }
        }
        return jump;
    }

    private Optional<Jump> run(Action a, Context where, List<Effect> out) {
        Optional<String> actor = where.actor();
        if (a instanceof Action.If branch) {
            Evaluator.Truth truth = evaluator.eval(branch.when(), where.scope(), where.scenarioMs(), where.view());
            Context inside = truth.actor().isPresent() ? new Context(truth.actor(), where.scope(), where.scenarioMs(), where.view()) : where;
            return run(truth.holds() ? branch.then() : branch.otherwise(), inside, out);
        } else if (a instanceof Action.Random random) {
            return run(pick(random, out).actions(), where, out);
        } else if (a instanceof Action.Message m) {
            out.add(new Effect.Message(Expressions.fill(m.text(), state.variables), audience(m.to(), actor)));
        } else if (a instanceof Action.Spawn sp) {
            Entity e = scenario.entity(sp.entity().id()).orElseThrow();
            Vec3 at = sp.at().orElse(e.position());
            state.entityPresent.put(e.id(), true);
            state.entityPositions.put(e.id(), at);
            out.add(new Effect.Spawn(e, at));
        } else if (a instanceof Action.Despawn d) {
            state.entityPresent.put(d.entity().id(), false);
            out.add(new Effect.Despawn(d.entity().id()));
        } else if (a instanceof Action.Move mv) {
            state.entityPositions.put(mv.entity().id(), mv.to());
            out.add(new Effect.Move(mv.entity().id(), mv.to()));
        } else if (a instanceof Action.SetState st) {
            state.entityStates.put(st.entity().id(), st.state());
            out.add(new Effect.SetState(st.entity().id(), st.state()));
        } else if (a instanceof Action.SetVariable sv) {
            Value now = Expressions.eval(sv.value(), state.variables);
            state.variables.put(sv.variable().id(), now);
            out.add(new Effect.SetVariable(sv.variable().id(), now));
        } else if (a instanceof Action.Increment inc) {
            Value old = state.variables.get(inc.variable().id());
            double base = old instanceof Value.Number n ? n.value() : 0;
            Value now = new Value.Number(base + inc.by());
            state.variables.put(inc.variable().id(), now);
            out.add(new Effect.SetVariable(inc.variable().id(), now));
        } else if (a instanceof Action.Score sc) {
            score(sc, actor, out);
        } else if (a instanceof Action.GotoStep g) {
            return Optional.of(new Jump.ToStep(g.step().id()));
        } else if (a instanceof Action.End end) {
            return Optional.of(new Jump.ToEnd(end.outcome()));
        } else if (a instanceof Action.Sound snd) {
            out.add(new Effect.Sound(snd.sound(), snd.at().map(r -> r.id())));
        } else if (a instanceof Action.Highlight h) {
            out.add(new Effect.Highlight(h.entity().id(), h.on()));
        }
        return Optional.empty();
    }

    /** One choice, by weight, from the run's seeded draws. */
    private Action.Choice pick(Action.Random random, List<Effect> out) {
        int r = draws.below(random.totalWeight());
        int index = 0;
        for (Action.Choice choice : random.choices()) {
            r -= choice.weight();
            if (r < 0) {
                break;
            }
            index++;
        }
        index = Math.min(index, random.choices().size() - 1);
        out.add(new Effect.RandomDrawn(index, random.choices().size(), draws.count));
        return random.choices().get(index);
    }

    /**
     * Awards points, capped so that a criterion never totals more than its maximum (repeating
     * triggers cannot inflate a score); penalties are not capped.
     */
    private void score(Action.Score sc, Optional<String> actor, List<Effect> out) {
        int max = scenario.scoring().criterion(sc.criterion().id()).map(Scoring.Criterion::maxPoints).orElse(0);
        int points = sc.points();
        if (points > 0) {
            points = Math.min(points, max - state.scores.criterion(sc.criterion().id()));
            if (points <= 0) {
                return;
            }
        }
        Effect.ScoreTarget target;
        if (sc.to() instanceof Action.Audience.OfRole r) {
            target = new Effect.ScoreTarget.Role(r.role().id());
        } else if (sc.to() instanceof Action.Audience.Actor && actor.isPresent()) {
            target = new Effect.ScoreTarget.Participant(actor.get(), state.roleOf(actor.get()));
        } else {
            target = new Effect.ScoreTarget.Team();
        }
        int total = state.scores.add(target, sc.criterion().id(), points);
        out.add(new Effect.Score(target, points, sc.criterion().id(), sc.reason(), total));
    }

    private static Effect.Audience audience(Action.Audience to, Optional<String> actor) {
        if (to instanceof Action.Audience.OfRole r) {
            return new Effect.Audience.Role(r.role().id());
        }
        if (to instanceof Action.Audience.Actor && actor.isPresent()) {
            return new Effect.Audience.Participant(actor.get());
        }
        return new Effect.Audience.Everyone();
    }
}
