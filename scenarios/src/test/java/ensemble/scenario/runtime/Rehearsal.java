package ensemble.scenario.runtime;

import ensemble.scenario.catalog.Catalog;
import ensemble.scenario.catalog.FolderLoad;
import ensemble.scenario.TestFiles;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Vec3;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A catalogue scenario played by a scripted team on a manual clock, one line per thing people do. */
final class Rehearsal {

    final Scenario scenario;
    final ScenarioRuntime runtime;
    final FakeWorld world = new FakeWorld();
    final List<Effect> log = new ArrayList<>();
    long now;

    Rehearsal(String id) {
        FolderLoad load = new Catalog().loadFolder(TestFiles.catalog().resolve(id));
        scenario = assertInstanceOf(FolderLoad.Valid.class, load).scenario();
        runtime = new ScenarioRuntime(scenario);
    }

    Rehearsal join(String participant, String role) {
        Vec3 spawn = scenario.role(role).orElseThrow().spawn();
        world.put(participant, role, spawn.plus(new Vec3(0, 1.6, 0)));
        runtime.handle(new WorldEvent.Joined(participant, role));
        return this;
    }

    Rehearsal start() {
        log.addAll(runtime.start(now));
        return tick(100);
    }

    Rehearsal tick(long ms) {
        now += ms;
        log.addAll(runtime.tick(now, world));
        return this;
    }

    Rehearsal say(String who, String text) {
        runtime.handle(new WorldEvent.Said(who, text));
        return tick(100);
    }

    Rehearsal use(String who, String entity, String action) {
        runtime.handle(new WorldEvent.Used(who, entity, action));
        return tick(100);
    }

    Rehearsal grab(String who, String entity) {
        runtime.handle(new WorldEvent.Grabbed(who, entity));
        return tick(100);
    }

    /** Moves the participant's head to the point (metres). */
    Rehearsal walk(String who, double x, double z) {
        String role = world.participants().stream().filter(p -> p.id().equals(who)).findFirst().orElseThrow().role();
        world.put(who, role, new Vec3(x, 1.6, z));
        return tick(100);
    }

    Rehearsal carry(String entity, double x, double y, double z) {
        world.thing(entity, new Vec3(x, y, z));
        return tick(100);
    }

    Rehearsal inject(String trigger) {
        log.addAll(runtime.inject(trigger, "facilitator", now));
        return tick(100);
    }

    Rehearsal expectStep(String step) {
        assertEquals(step, runtime.currentStep().orElse("(none: " + runtime.outcome().orElse("") + ")"));
        return this;
    }

    Rehearsal expectEnded(String outcome) {
        assertEquals(ScenarioRuntime.Status.ENDED, runtime.status());
        assertEquals(outcome, runtime.outcome().orElseThrow());
        return this;
    }

    List<String> stepsStarted() {
        return log.stream().filter(Effect.StepStarted.class::isInstance).map(e -> ((Effect.StepStarted) e).stepId()).toList();
    }
}
