package ensemble.scenario.runtime;

import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Vec3;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static ensemble.scenario.runtime.RuntimeTestSupport.none;
import static ensemble.scenario.runtime.RuntimeTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flow constructs (end branches, if/else, random, count, score, expressions, text holes, injects), manual clock. */
class FlowRuntimeTest {

    static final String HEAD = """
            id: flow
            version: 1.0.0
            title: Flow
            roles:
              - { id: eng, name: Engineer, max: 2, spawn: [0, 0, 0] }
              - { id: boss, name: Boss, spawn: [1, 0, 0] }
            environment: { floor: { width: 20, depth: 20 }, height: 4 }
            variables: { ups: 12, calls: 0, fixed: false, status: normal }
            entities:
              - { id: phone, position: [2, 1, 0], usable: true }
              - { id: switch, position: [-2, 1, 0], usable: true }
            scoring:
              criteria:
                - { id: fast, points: 10 }
            """;

    final FakeWorld world = new FakeWorld().put("ann", "eng", new Vec3(0, 1.6, 0)).put("bob", "boss", new Vec3(1, 1.6, 0));

    static ScenarioRuntime started(Scenario s, long seed) {
        ScenarioRuntime rt = new ScenarioRuntime(s, seed);
        rt.handle(new WorldEvent.Joined("ann", "eng"));
        rt.handle(new WorldEvent.Joined("bob", "boss"));
        rt.start(0);
        return rt;
    }

    @Test
    void aBranchCanEndTheRunWithoutAStepOfItsOwn() {
        Scenario s = RuntimeTestSupport.scenario(HEAD + """
                steps:
                  - id: only
                    complete_when: { use: { entity: switch } }
                    branches:
                      - when: { use: { entity: phone } }
                        end: called-first
                  - id: after
                    complete_when: { use: { entity: phone } }
                """);
        ScenarioRuntime rt = started(s, 0);
        rt.handle(new WorldEvent.Used("ann", "phone", ""));
        rt.handle(new WorldEvent.Used("ann", "switch", ""));
        List<Effect> fx = rt.tick(100, world);
        assertEquals(new Effect.Ended("called-first"), single(fx, Effect.Ended.class));
        none(fx, Effect.StepStarted.class);
        assertEquals(Optional.of("called-first"), rt.outcome());
    }

    static final String IF_ELSE = HEAD + """
            steps:
              - id: only
                complete_when: { use: { entity: switch } }
                on_complete:
                  - if:
                      when: { any: [ { use: { entity: phone } }, { expr: "calls > 2" } ] }
                      then:
                        - message: { text: "called" }
                      else:
                        - message: { text: "silent" }
                        - if:
                            when: { variable: { name: fixed, eq: false } }
                            then: [ { end: unfixed } ]
                  - end: done
            """;

    @Test
    void ifRunsThenWhenItsConditionHoldsAndElseOtherwiseNestedToo() {
        Scenario s = RuntimeTestSupport.scenario(IF_ELSE);
        ScenarioRuntime called = started(s, 0);
        called.handle(new WorldEvent.Used("ann", "phone", ""));
        called.handle(new WorldEvent.Used("ann", "switch", ""));
        List<Effect> fx = called.tick(100, world);
        assertEquals("called", single(fx, Effect.Message.class).text());
        assertEquals(new Effect.Ended("done"), single(fx, Effect.Ended.class));

        ScenarioRuntime silent = started(s, 0);
        silent.handle(new WorldEvent.Used("ann", "switch", ""));
        fx = silent.tick(100, world);
        assertEquals("silent", single(fx, Effect.Message.class).text());
        assertEquals(new Effect.Ended("unfixed"), single(fx, Effect.Ended.class), "the nested if's end comes first, so it wins");
    }

    static final String RANDOM = HEAD + """
            steps:
              - id: roll
                complete_when: { use: { entity: switch } }
                on_complete:
                  - random:
                      - { weight: 3, do: [ { set: { variable: status, value: stable } } ] }
                      - { weight: 1, do: [ { set: { variable: status, value: flicker } }, { goto: flicker } ] }
                next: roll
              - id: flicker
                complete_when: { use: { entity: phone } }
                on_complete: [ { end: flickered } ]
            """;

    /** Plays RANDOM with {@code seed}: ten rounds of "use the switch"; the path is the list of statuses and steps. */
    static List<String> path(Scenario s, long seed, FakeWorld world) {
        ScenarioRuntime rt = started(s, seed);
        List<String> path = new ArrayList<>();
        for (int i = 1; i <= 10 && rt.status() == ScenarioRuntime.Status.RUNNING; i++) {
            rt.handle(new WorldEvent.Used("ann", rt.currentStep().orElseThrow().equals("roll") ? "switch" : "phone", ""));
            rt.tick(i * 100L, world);
            path.add(rt.variables().get("status") + "@" + rt.currentStep().orElse("end"));
        }
        return path;
    }

    @Test
    void theSameSeedTakesTheSamePathAndSeedsDiffer() {
        Scenario s = RuntimeTestSupport.scenario(RANDOM);
        assertEquals(path(s, 42, world), path(s, 42, world));
        Set<List<String>> paths = new HashSet<>();
        int flickers = 0;
        for (long seed = 0; seed < 200; seed++) {
            List<String> p = path(s, seed, world);
            paths.add(p);
            flickers += p.get(0).startsWith("flicker") ? 1 : 0;
        }
        assertTrue(paths.size() > 3, "different seeds take different paths: " + paths);
        assertTrue(flickers > 20 && flickers < 80, "the weights 3:1 make a first flicker about one time in four, got " + flickers);
    }

    @Test
    void aRestoredRunDrawsWhatTheOriginalWouldHave() {
        Scenario s = RuntimeTestSupport.scenario(RANDOM);
        long seed = 0;
        while (path(s, seed, world).size() < 5) {
            seed++; // a seed that rolls "stable" a few times before it flickers
        }
        List<String> original = path(s, seed, world);
        for (int cut = 1; cut < 4; cut++) {
            ScenarioRuntime rt = started(s, seed);
            List<String> resumed = new ArrayList<>();
            for (int i = 1; i <= cut && rt.status() == ScenarioRuntime.Status.RUNNING; i++) {
                rt.handle(new WorldEvent.Used("ann", rt.currentStep().orElseThrow().equals("roll") ? "switch" : "phone", ""));
                rt.tick(i * 100L, world);
                resumed.add(rt.variables().get("status") + "@" + rt.currentStep().orElse("end"));
            }
            ScenarioRuntime.Snapshot snapshot = rt.snapshot();
            assertEquals(seed, snapshot.seed());
            ScenarioRuntime fork = new ScenarioRuntime(s, 999); // the snapshot's seed wins
            fork.restore(snapshot, 50_000);
            for (int i = cut + 1; i <= 10 && fork.status() == ScenarioRuntime.Status.RUNNING; i++) {
                fork.handle(new WorldEvent.Used("ann", fork.currentStep().orElseThrow().equals("roll") ? "switch" : "phone", ""));
                fork.tick(50_000 + i * 100L, world);
                resumed.add(fork.variables().get("status") + "@" + fork.currentStep().orElse("end"));
            }
            assertEquals(original, resumed, "cut after " + cut);
        }
    }

    static final String COUNT = HEAD + """
            steps:
              - id: ring
                complete_when: { count: { of: { use: { entity: phone, role: eng } }, at_least: 3 } }
                on_complete:
                  - score: { criterion: fast, points: 10, to: actor }
                  - message: { text: "Rang {calls + 3} times, UPS at {ups} min, {{ok}}", to: actor }
              - id: wait
                complete_when: { elapsed: { seconds: 60 } }
            triggers:
              - id: praise
                when: { score: { role: eng, gte: 10 } }
                do: [ { set: { variable: ups, expr: "ups * 2 - 4 / 2" } } ]
              - id: wrap
                when: { all: [ { score: { someone: true, role: eng, gte: 10 } }, { expr: "ups > 20 and status == 'normal'" } ] }
                do: [ { end: praised } ]
            """;

    @Test
    void countWaitsForTheNthEventOfTheStepAndOnlyOfTheRole() {
        Scenario s = RuntimeTestSupport.scenario(COUNT);
        ScenarioRuntime rt = started(s, 0);
        rt.handle(new WorldEvent.Used("ann", "phone", ""));
        rt.handle(new WorldEvent.Used("bob", "phone", "")); // the boss's calls do not count
        rt.handle(new WorldEvent.Used("ann", "phone", ""));
        none(rt.tick(100, world), Effect.StepCompleted.class);
        ScenarioRuntime.Snapshot mid = rt.snapshot();
        assertEquals(List.of(2), mid.stepCounts());
        rt.handle(new WorldEvent.Used("ann", "phone", ""));
        List<Effect> fx = rt.tick(200, world);
        assertEquals("completed", single(fx, Effect.StepCompleted.class).outcome());
        Effect.Message m = single(fx, Effect.Message.class);
        assertEquals("Rang 3 times, UPS at 12 min, {ok}", m.text());
        assertEquals(new Effect.Audience.Participant("ann"), m.audience(), "the third call's maker is the actor");

        ScenarioRuntime restored = new ScenarioRuntime(s);
        restored.restore(mid, 1_000);
        restored.handle(new WorldEvent.Used("ann", "phone", ""));
        assertEquals("completed", single(restored.tick(1_100, world), Effect.StepCompleted.class).outcome(),
                "the two calls before the checkpoint still count");
    }

    @Test
    void scoreConditionsAndExpressionsFollowTheRun() {
        Scenario s = RuntimeTestSupport.scenario(COUNT);
        ScenarioRuntime rt = started(s, 0);
        for (int i = 0; i < 3; i++) {
            rt.handle(new WorldEvent.Used("ann", "phone", ""));
        }
        rt.tick(100, world); // step done, 10 points to ann (role eng)
        assertEquals(new Value.Number(12), rt.variables().get("ups"), "triggers run before steps: praise sees the score next tick");
        List<Effect> fx = rt.tick(200, world);
        assertEquals(new Effect.SetVariable("ups", new Value.Number(22)), single(fx, Effect.SetVariable.class), "12 * 2 - 4 / 2");
        assertEquals(new Effect.Ended("praised"), single(fx, Effect.Ended.class), "wrap, after praise in the file, sees ups 22 at once");
    }

    static final String INJECTS = HEAD + """
            steps:
              - id: first
                complete_when: { use: { entity: switch } }
              - id: second
                complete_when: { use: { entity: phone } }
            triggers:
              - id: storm
                inject: Storm
                during: [second]
                do: [ { message: { text: storm } } ]
              - id: quiet
                every: 600
                do: [ { increment: { variable: calls } } ]
              - id: once
                inject: Once only
                do: [ { message: { text: once } } ]
            """;

    @Test
    void injectsKeepDuringAndOnceAndAnyTriggerCanBeInjected() {
        Scenario s = RuntimeTestSupport.scenario(INJECTS);
        ScenarioRuntime rt = started(s, 0);
        assertEquals(new Effect.Rejected("trigger 'storm' is only active during second, not now"),
                single(rt.inject("storm", "kim", 100), Effect.Rejected.class));
        single(rt.inject("quiet", "kim", 100), Effect.SetVariable.class); // no inject label, and every: still injectable
        single(rt.inject("quiet", "kim", 200), Effect.SetVariable.class); // repeating triggers are not spent
        assertEquals("once", single(rt.inject("once", "kim", 300), Effect.Message.class).text());
        single(rt.inject("once", "kim", 400), Effect.Rejected.class);
        rt.handle(new WorldEvent.Used("ann", "switch", ""));
        rt.tick(500, world);
        assertEquals("storm", single(rt.inject("storm", "kim", 600), Effect.Message.class).text());
        assertNotEquals(ScenarioRuntime.Status.ENDED, rt.status());
    }

    static final String TRACKS = HEAD + """
            steps:
              - id: respond
                instructions: { everyone: Restore power. }
                tracks:
                  - id: engineering
                    role: eng
                    tasks:
                      - { id: call-desk, instructions: "Call the desk: UPS at {ups} min.", complete_when: { use: { entity: phone, role: eng } } }
                      - { id: start-generator, instructions: Start the generator., complete_when: { use: { entity: switch } } }
                  - id: management
                    role: boss
                    tasks:
                      - { id: inform, instructions: Inform the customers., complete_when: { say: { contains: informed, role: boss } } }
                branches:
                  - when: { step_completed: engineering }
                    end: joined
            """;

    @Test
    void tracksMoveOnIndependentlyAndJoin() {
        Scenario s = RuntimeTestSupport.scenario(TRACKS);
        ScenarioRuntime rt = new ScenarioRuntime(s);
        rt.handle(new WorldEvent.Joined("ann", "eng"));
        rt.handle(new WorldEvent.Joined("bob", "boss"));
        Effect.StepStarted started = single(rt.start(0), Effect.StepStarted.class);
        assertEquals("Restore power.\nCall the desk: UPS at 12 min.", started.instructions().get("eng"),
                "only the track's first task, its hole filled in");
        assertEquals("Restore power.\nInform the customers.", started.instructions().get("boss"));

        rt.handle(new WorldEvent.Used("ann", "switch", "")); // the second task's event, early: it counts once reached
        none(rt.tick(100, world), Effect.TaskCompleted.class);
        rt.handle(new WorldEvent.Used("ann", "phone", ""));
        List<Effect> fx = rt.tick(200, world);
        assertEquals(List.of("call-desk", "start-generator"), fx.stream().filter(e -> e instanceof Effect.TaskCompleted)
                .map(e -> ((Effect.TaskCompleted) e).taskId()).toList());
        assertEquals(new Effect.InstructionsChanged("respond", "eng", "Restore power."), single(fx, Effect.InstructionsChanged.class));
        none(fx, Effect.StepCompleted.class); // the management track is not done: no join yet
        assertEquals(List.of("inform"), rt.openTasks());

        ScenarioRuntime restored = new ScenarioRuntime(s);
        restored.restore(rt.snapshot(), 5_000);
        assertEquals("Restore power.", restored.instructions().get("eng"), "a restore shows where each track is");
        assertEquals("Restore power.\nInform the customers.", restored.instructions().get("boss"));

        rt.handle(new WorldEvent.Said("bob", "Customers informed"));
        fx = rt.tick(300, world);
        assertEquals(new Effect.Ended("joined"), single(fx, Effect.Ended.class), "both tracks done: the step completes");
        assertTrue(rt.completed().containsAll(Set.of("engineering", "management", "respond")));
    }
}
