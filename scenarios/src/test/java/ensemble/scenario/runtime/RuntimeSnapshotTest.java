package ensemble.scenario.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run continued from a snapshot by another runtime behaves as if it had never stopped. */
class RuntimeSnapshotTest {

    @Test
    void aRestoredRunKeepsStepScoresVariablesAndTimers() {
        Rehearsal r = new Rehearsal("office-fire-evacuation").join("wanda", "warden").join("eli", "employee").start();
        r.say("eli", "Fire! By the printer!").expectStep("evacuate");
        r.tick(30_000);
        ScenarioRuntime.Snapshot snapshot = r.runtime.snapshot();
        assertEquals("evacuate", snapshot.stepId());

        ScenarioRuntime restored = new ScenarioRuntime(r.scenario);
        long later = 5_000_000;
        restored.restore(snapshot, later);
        assertEquals(ScenarioRuntime.Status.RUNNING, restored.status());
        assertEquals("evacuate", restored.currentStep().orElseThrow());
        assertEquals(10, restored.scores().participant("eli"));
        assertEquals(r.runtime.variables(), restored.variables());
        assertEquals(r.runtime.elapsedMillis(), restored.elapsedMillis());
        assertEquals(r.runtime.stepElapsedMillis(), restored.stepElapsedMillis(), "the step's clock goes on, not over");

        // 60 s more: smoke appears at 90 s of the step as it would have without the move.
        List<Effect> effects = restored.tick(later + 60_000, r.world);
        assertTrue(effects.stream().anyMatch(e -> e instanceof Effect.Spawn s && s.entity().id().equals("smoke")),
                "the stairwell-B smoke trigger keeps its timer across the restore");
        // Scores keep adding up from the restored totals.
        restored.gotoStep("roll-call", later + 61_000);
        restored.handle(new WorldEvent.Used("wanda", "roll-sheet", ""));
        restored.handle(new WorldEvent.Said("wanda", "All accounted for"));
        restored.tick(later + 61_100, r.world);
        assertEquals(ScenarioRuntime.Status.ENDED, restored.status());
        assertEquals(20, restored.scores().team(), "alarm 10 + roll call 10");
    }

    @Test
    void aPausedRunStaysPausedAndANotStartedOneStaysReady() {
        Rehearsal r = new Rehearsal("lab-chemical-spill").join("ana", r0(new Rehearsal("lab-chemical-spill"))).start();
        r.runtime.pause(r.now);
        ScenarioRuntime restored = new ScenarioRuntime(r.scenario);
        restored.restore(r.runtime.snapshot(), 1_000);
        assertEquals(ScenarioRuntime.Status.PAUSED, restored.status());
        assertEquals(1, restored.resume(2_000).size());

        ScenarioRuntime fresh = new ScenarioRuntime(r.scenario);
        ScenarioRuntime copy = new ScenarioRuntime(r.scenario);
        copy.restore(fresh.snapshot(), 10);
        assertEquals(ScenarioRuntime.Status.READY, copy.status());
    }

    private static String r0(Rehearsal r) {
        return r.scenario.roles().get(0).id();
    }
}
