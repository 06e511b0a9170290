package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.scenario.model.Scenario;
import ensemble.scenario.runtime.ScenarioRuntime;
import ensemble.scenario.runtime.WorldEvent;
import ensemble.scenario.runtime.WorldView;
import ensemble.scenario.validate.ScenarioValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint's scenario state keeps the random seed, the draws made and the counts of the step,
 * so a run restored from it (failover, replay, fork) goes on exactly as the original did.
 */
class RuntimeStateJsonTest {

    static final String YAML = """
            id: dice
            version: 1.0.0
            title: Dice
            roles:
              - { id: player, name: Player, spawn: [0, 0, 0] }
            environment: { floor: { width: 10, depth: 10 } }
            variables: { face: 0 }
            entities:
              - { id: die, position: [1, 1, 0], usable: true }
            steps:
              - id: roll
                complete_when: { count: { of: { use: { entity: die } }, at_least: 2 } }
                on_complete:
                  - random:
                      - { do: [ { set: { variable: face, value: 1 } } ] }
                      - { do: [ { set: { variable: face, value: 2 } } ] }
                      - { weight: 2, do: [ { set: { variable: face, value: 3 } } ] }
                next: roll
            triggers:
              - { id: stop, inject: Stop rolling, do: [ { end: stopped } ] }
            """;

    static Scenario scenario() {
        var v = new ScenarioValidator().validateText(Path.of("dice/scenario.yaml"), YAML);
        return v.scenario().orElseThrow(() -> new AssertionError(v.diagnostics().toString()));
    }

    /** Two uses of the die per roll; the faces rolled, in order. */
    static List<String> roll(ScenarioRuntime rt, long from, int rolls) {
        List<String> faces = new ArrayList<>();
        for (int i = 0; i < rolls; i++) {
            rt.handle(new WorldEvent.Used("p", "die", ""));
            rt.handle(new WorldEvent.Used("p", "die", ""));
            rt.tick(from + i * 100L, WorldView.EMPTY);
            faces.add(rt.variables().get("face").toString());
        }
        return faces;
    }

    @Test
    void aRunRestoredFromItsCheckpointJsonRollsTheSameFacesAndKeepsItsCounts() {
        Scenario s = scenario();
        ScenarioRuntime original = new ScenarioRuntime(s, 1234);
        original.handle(new WorldEvent.Joined("p", "player"));
        original.start(0);
        List<String> first = roll(original, 100, 5);

        ScenarioRuntime twin = new ScenarioRuntime(s, 1234);
        twin.handle(new WorldEvent.Joined("p", "player"));
        twin.start(0);
        roll(twin, 100, 2);
        twin.handle(new WorldEvent.Used("p", "die", "")); // one use of the next roll, before the checkpoint
        String json = RuntimeStateJson.write(twin.snapshot());
        assertTrue(json.contains("\"seed\":1234"), json);

        ScenarioRuntime restored = new ScenarioRuntime(s, 99);
        restored.restore(RuntimeStateJson.read(json), 10_000);
        assertEquals(1234, restored.seed());
        restored.handle(new WorldEvent.Used("p", "die", "")); // the second use completes the roll begun before
        restored.tick(10_100, WorldView.EMPTY);
        List<String> after = new ArrayList<>(List.of(restored.variables().get("face").toString()));
        after.addAll(roll(restored, 10_200, 2));
        assertEquals(first.subList(2, 5), after);
    }

    @Test
    void aTakeoverThatAbsorbsTheRecordedDrawsRollsOnFromThere() {
        Scenario s = scenario();
        ScenarioRuntime original = new ScenarioRuntime(s, 77);
        original.handle(new WorldEvent.Joined("p", "player"));
        original.start(0);
        String checkpoint = RuntimeStateJson.write(original.snapshot());
        List<ensemble.scenario.runtime.Effect> recorded = new ArrayList<>();
        List<String> faces = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            original.handle(new WorldEvent.Used("p", "die", ""));
            original.handle(new WorldEvent.Used("p", "die", ""));
            recorded.addAll(original.tick(100 + i * 100L, WorldView.EMPTY));
            faces.add(original.variables().get("face").toString());
        }
        ScenarioRuntime takeover = new ScenarioRuntime(s, 5);
        takeover.restore(RuntimeStateJson.read(checkpoint), 0);
        // the new node takes in the first two rolls from the record (as facts), then plays on
        for (ensemble.scenario.runtime.Effect fact : recorded.subList(0, recorded.size() / 2)) {
            takeover.absorb(fact, 200);
        }
        List<String> after = roll(takeover, 300, 2);
        assertEquals(faces.subList(2, 4), after, "the draws recorded after the checkpoint are not drawn again");
    }
}
