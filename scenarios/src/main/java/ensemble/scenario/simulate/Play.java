package ensemble.scenario.simulate;

import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Step;
import ensemble.scenario.runtime.Effect;
import ensemble.scenario.runtime.ScenarioRuntime;
import ensemble.scenario.runtime.WorldEvent;
import ensemble.scenario.runtime.WorldView;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One headless run of a scenario, driven by choices, on its own manual clock. */
final class Play {

    /** Ticks after a choice at full rate, before time runs in larger steps. */
    private static final int FINE_TICKS = 8;
    private static final long COARSE_TICK_MS = 5_000;

    final Scenario scenario;
    final ScenarioRuntime runtime;
    private final SimWorld world;
    private final Performer performer;
    private long now;
    private int transitions;
    final Set<String> stepsStarted = new LinkedHashSet<>();

    Play(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.runtime = new ScenarioRuntime(scenario, seed);
        this.world = new SimWorld(scenario);
        this.performer = new Performer(scenario, world, e -> apply(runtime.handle(e)), () -> tick(ScenarioLimits.SIM_TICK_MS));
        for (WorldView.Participant p : world.participants()) {
            runtime.handle(new WorldEvent.Joined(p.id(), p.role()));
        }
        apply(runtime.start(now));
        tick(ScenarioLimits.SIM_TICK_MS);
    }

    Optional<Step> currentStep() {
        return runtime.currentStep().flatMap(scenario::step);
    }

    boolean ended() {
        return runtime.status() == ScenarioRuntime.Status.ENDED;
    }

    /** Carries out {@code plan} and lets time run until the step changes; false when it never does. */
    boolean choose(Plans.Plan plan) {
        int before = transitions;
        if (plan.inject().isPresent()) {
            apply(runtime.inject(plan.inject().get(), "simulator", now));
        } else {
            performer.perform(plan.satisfy());
        }
        long waited = 0;
        for (int i = 0; transitions == before && !ended() && waited <= ScenarioLimits.SIM_MAX_WAIT_MS; i++) {
            long step = i < FINE_TICKS ? ScenarioLimits.SIM_TICK_MS : COARSE_TICK_MS;
            tick(step);
            waited += step;
        }
        return transitions != before || ended();
    }

    /** What distinguishes this point of a run from another at the same step, for not exploring it twice. */
    String key() {
        StringBuilder sb = new StringBuilder(runtime.currentStep().orElse("-")).append('|')
                .append(new java.util.TreeMap<>(runtime.variables())).append('|')
                .append(new java.util.TreeSet<>(runtime.completed())).append('|');
        for (Entity e : scenario.entities()) {
            sb.append(e.id()).append('=').append(runtime.entityState(e.id()).orElse("")).append(runtime.entityPresent(e.id()) ? '+' : '-');
        }
        return sb.toString();
    }

    private void tick(long ms) {
        now += ms;
        apply(runtime.tick(now, world));
    }

    private void apply(List<Effect> effects) {
        world.apply(effects);
        for (Effect e : effects) {
            if (e instanceof Effect.StepStarted st) {
                transitions++;
                stepsStarted.add(st.stepId());
            } else if (e instanceof Effect.Ended) {
                transitions++;
            }
        }
    }
}
