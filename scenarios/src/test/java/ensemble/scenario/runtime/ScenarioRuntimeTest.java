package ensemble.scenario.runtime;

import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Vec3;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static ensemble.scenario.runtime.RuntimeTestSupport.none;
import static ensemble.scenario.runtime.RuntimeTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step machine on a small scenario, with a manual clock and a hand-moved world. */
class ScenarioRuntimeTest {

    static final String YAML = """
            id: drill
            version: 1.0.0
            title: Drill
            roles:
              - { id: lead, name: Lead, spawn: [0, 0, 0] }
              - { id: crew, name: Crew, max: 3, spawn: [1, 0, 0] }
            environment: { floor: { width: 20, depth: 20 }, height: 4 }
            variables: { alarm: false, calls: 0 }
            entities:
              - { id: button, position: [2, 1, 0], usable: true }
              - { id: kit, position: [-2, 1, 0], grabbable: true }
              - { id: smoke, position: [0, 1, 5], hidden: true }
            zones:
              - { id: exit, box: { center: [8, 1.5, 0], size: [2, 3, 2] } }
            steps:
              - id: alarm
                instructions: { lead: Press the button., everyone: Listen. }
                complete_when: { use: { entity: button, role: lead } }
                time_limit: 30
                on_complete:
                  - set: { variable: alarm, value: true }
                  - score: { criterion: quick, points: 10, to: actor, reason: raised the alarm }
                on_timeout:
                  - score: { criterion: quick, points: -5, reason: too slow }
                branches:
                  - when: { say: { contains: help } }
                    goto: rescue
              - id: evacuate
                tasks:
                  - { id: grab-kit, role: crew, instructions: Take the kit., complete_when: { grab: { entity: kit } } }
                complete_when: { in_zone: { zone: exit, everyone: true } }
                on_complete:
                  - end: evacuated
              - id: rescue
                complete_when: { near: { who: { role: crew }, to: { entity: smoke }, within: 1.5 } }
                on_complete:
                  - end: rescued
            triggers:
              - id: smoke
                after: 10
                do:
                  - spawn: { entity: smoke }
                  - message: { text: Smoke!, role: crew }
              - id: nag
                every: 5
                during: [evacuate]
                do:
                  - increment: { variable: calls }
              - id: blackout
                inject: Lights go out
                do:
                  - message: { text: The lights are out. }
            scoring:
              criteria:
                - { id: quick, points: 10 }
            """;

    final Scenario scenario = RuntimeTestSupport.scenario(YAML);
    final ScenarioRuntime rt = new ScenarioRuntime(scenario);
    final FakeWorld world = new FakeWorld().put("ann", "lead", new Vec3(0, 1.6, 0)).put("bob", "crew", new Vec3(1, 1.6, 0));

    void startWithTeam() {
        rt.handle(new WorldEvent.Joined("ann", "lead"));
        rt.handle(new WorldEvent.Joined("bob", "crew"));
        rt.start(1_000);
    }

    @Test
    void startEntersTheFirstStepWithInstructionsPerRole() {
        rt.handle(new WorldEvent.Joined("ann", "lead"));
        List<Effect> fx = rt.start(1_000);
        Effect.StepStarted started = single(fx, Effect.StepStarted.class);
        assertEquals("alarm", started.stepId());
        assertEquals("Press the button.", started.instructions().get("lead"));
        assertEquals("Listen.", started.instructions().get("crew"));
        assertEquals(30_000, started.timeLimitMs());
        assertEquals(ScenarioRuntime.Status.RUNNING, rt.status());
    }

    @Test
    void anEventByTheWrongRoleDoesNotCompleteTheStep() {
        startWithTeam();
        rt.handle(new WorldEvent.Used("bob", "button", ""));
        none(rt.tick(1_100, world), Effect.StepCompleted.class);
        assertEquals(Optional.of("alarm"), rt.currentStep());
    }

    @Test
    void completingAStepRunsItsActionsCreditsTheActorAndMovesOn() {
        startWithTeam();
        rt.handle(new WorldEvent.Used("ann", "button", "press"));
        List<Effect> fx = rt.tick(1_100, world);
        assertEquals("completed", single(fx, Effect.StepCompleted.class).outcome());
        assertEquals(new Effect.SetVariable("alarm", new Value.Flag(true)), single(fx, Effect.SetVariable.class));
        Effect.Score score = single(fx, Effect.Score.class);
        assertEquals(new Effect.ScoreTarget.Participant("ann", "lead"), score.target());
        assertEquals("evacuate", single(fx, Effect.StepStarted.class).stepId());
        assertEquals(10, rt.scores().participant("ann"));
        assertEquals(10, rt.scores().role("lead"));
        assertEquals(10, rt.scores().team());
    }

    @Test
    void aBranchWhoseConditionHeldIsTaken() {
        startWithTeam();
        rt.handle(new WorldEvent.Said("bob", "We need HELP here"));
        rt.handle(new WorldEvent.Used("ann", "button", ""));
        List<Effect> fx = rt.tick(1_100, world);
        assertEquals("rescue", single(fx, Effect.StepStarted.class).stepId());
    }

    @Test
    void theTimeLimitRunsOnTimeoutAndFallsThroughToTheNextStep() {
        startWithTeam();
        none(rt.tick(30_999, world), Effect.StepTimedOut.class);
        List<Effect> fx = rt.tick(31_000, world);
        assertEquals("alarm", single(fx, Effect.StepTimedOut.class).stepId());
        assertEquals(-5, single(fx, Effect.Score.class).points());
        assertEquals(Optional.of("evacuate"), rt.currentStep());
    }

    @Test
    void pausingStopsTimersAndTimeLimits() {
        startWithTeam();
        rt.tick(5_000, world);
        rt.pause(5_000);
        assertTrue(rt.tick(100_000, world).isEmpty());
        rt.resume(100_000);
        assertEquals(4_000, rt.elapsedMillis());
        none(rt.tick(105_000, world), Effect.Spawn.class); // 8 s of scenario time
        List<Effect> fx = rt.tick(107_000, world);        // 10 s: the smoke timer fires
        assertEquals("smoke", single(fx, Effect.Spawn.class).entity().id());
        assertEquals(new Effect.Audience.Role("crew"), single(fx, Effect.Message.class).audience());
        assertTrue(rt.entityPresent("smoke"));
    }

    @Test
    void zoneConditionsAreDerivedFromHeadPositionsAndTasksRunInParallel() {
        startWithTeam();
        rt.handle(new WorldEvent.Used("ann", "button", ""));
        rt.tick(2_000, world);
        assertEquals(List.of("grab-kit"), rt.openTasks());
        world.put("ann", "lead", new Vec3(8, 1.6, 0)).put("bob", "crew", new Vec3(8.5, 1.6, 0.5));
        none(rt.tick(2_100, world), Effect.StepCompleted.class); // everyone is out, but the kit is not taken
        rt.handle(new WorldEvent.Grabbed("bob", "kit"));
        List<Effect> fx = rt.tick(2_200, world);
        assertEquals(new Effect.TaskCompleted("evacuate", "grab-kit", Optional.of("bob")), single(fx, Effect.TaskCompleted.class));
        assertEquals(new Effect.Ended("evacuated"), single(fx, Effect.Ended.class));
        assertEquals(Optional.of("evacuated"), rt.outcome());
    }

    @Test
    void repeatingTriggersAreArmedOnlyDuringTheirSteps() {
        startWithTeam();
        rt.tick(6_000, world);
        assertEquals(new Value.Number(0), rt.variables().get("calls"));
        rt.handle(new WorldEvent.Used("ann", "button", ""));
        rt.tick(7_000, world); // evacuate starts at 6 s of scenario time
        rt.tick(12_000, world);
        rt.tick(17_000, world);
        assertEquals(new Value.Number(2), rt.variables().get("calls"));
    }

    @Test
    void proximityToAnEntitySpawnedByATimer() {
        startWithTeam();
        rt.handle(new WorldEvent.Said("bob", "help"));
        rt.handle(new WorldEvent.Used("ann", "button", ""));
        rt.tick(2_000, world);
        assertEquals(Optional.of("rescue"), rt.currentStep());
        world.put("bob", "crew", new Vec3(0, 1.6, 4));
        none(rt.tick(3_000, world), Effect.Ended.class); // smoke not there yet
        List<Effect> fx = rt.tick(11_000, world); // triggers run before steps: the smoke appears at [0, 1, 5]
        assertEquals(new Effect.Ended("rescued"), single(fx, Effect.Ended.class));
    }

    @Test
    void facilitatorInjectGotoResetAndRejections() {
        startWithTeam();
        List<Effect> fx = rt.inject("blackout", "facilitator:kim", 2_000);
        assertEquals(new Effect.TriggerFired("blackout", "facilitator:kim"), single(fx, Effect.TriggerFired.class));
        // once (the default) holds for injects too: the second one is refused, and says why
        assertEquals(new Effect.Rejected("trigger 'blackout' has already fired and fires only once"),
                single(rt.handle(new WorldEvent.Injected("blackout", "kim")), Effect.Rejected.class));
        fx = rt.gotoStep("rescue", 3_000);
        assertEquals(new Effect.StepCompleted("alarm", "skipped"), single(fx, Effect.StepCompleted.class));
        assertEquals(Optional.of("rescue"), rt.currentStep());
        single(rt.gotoStep("nowhere", 3_000), Effect.Rejected.class);
        single(rt.inject("nothing", "kim", 3_000), Effect.Rejected.class);
        fx = rt.reset(4_000);
        assertTrue(fx.get(0) instanceof Effect.Reset);
        assertEquals("alarm", single(fx, Effect.StepStarted.class).stepId());
        assertEquals(0, rt.elapsedMillis());
        rt.handle(new WorldEvent.Used("ann", "button", ""));
        single(rt.tick(4_100, world), Effect.Score.class); // the roster survived the reset
    }

    @Test
    void pointsForACriterionAreCappedAtItsMaximum() {
        Scenario s = RuntimeTestSupport.scenario(YAML.replace("points: 10, to: actor", "points: 10, to: actor")
                .replace("- { id: quick, points: 10 }", "- { id: quick, points: 15 }"));
        ScenarioRuntime r = new ScenarioRuntime(s);
        r.handle(new WorldEvent.Joined("ann", "lead"));
        r.start(0);
        r.handle(new WorldEvent.Used("ann", "button", ""));
        r.tick(100, world);
        r.gotoStep("alarm", 200);
        r.handle(new WorldEvent.Used("ann", "button", ""));
        List<Effect> fx = r.tick(300, world);
        assertEquals(5, single(fx, Effect.Score.class).points());
        assertEquals(15, r.scores().criterion("quick"));
        r.gotoStep("alarm", 400);
        r.handle(new WorldEvent.Used("ann", "button", ""));
        none(r.tick(500, world), Effect.Score.class);
    }

    @Test
    void eventsBeforeAStepStartsDoNotCountForIt() {
        startWithTeam();
        rt.handle(new WorldEvent.Grabbed("bob", "kit")); // during "alarm"
        rt.handle(new WorldEvent.Used("ann", "button", ""));
        rt.tick(1_100, world);
        assertEquals(List.of("grab-kit"), rt.openTasks());
        assertFalse(rt.completed().contains("grab-kit"));
    }
}
