package ensemble.scenario.simulate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.validate.ScenarioValidator;
import ensemble.scenario.validate.Validation;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest {

    static Scenario scenario(String yaml) {
        Validation v = new ScenarioValidator().validateText(Path.of("sim/scenario.yaml"), yaml);
        assertTrue(v.scenario().isPresent(), v.diagnostics().toString());
        return v.scenario().get();
    }

    static final String HEAD = """
            id: sim
            version: 1.0.0
            title: Sim
            roles:
              - { id: a, name: A, spawn: [0, 0, 0] }
              - { id: b, name: B, spawn: [2, 0, 0] }
            environment: { floor: { width: 20, depth: 20 } }
            variables: { x: 0 }
            entities:
              - { id: lever, position: [3, 1, 3], usable: true }
            zones:
              - { id: door, box: { center: [8, 1.5, 8], size: [2, 3, 2] } }
            """;

    @Test
    void exploresEveryBranchAndReachesEveryEnding() {
        SimulationReport r = Simulator.run(scenario(HEAD + """
                steps:
                  - id: choose
                    complete_when: { any: [ { use: { entity: lever, role: a } }, { enter_zone: { zone: door, role: b } } ] }
                    branches:
                      - when: { say: { matches: "(?i)left", example: go left } }
                        goto: left
                    time_limit: 60
                    on_timeout:
                      - end: too-slow
                  - id: right
                    complete_when: { in_zone: { zone: door, everyone: true } }
                    on_complete: [ { end: right } ]
                  - id: left
                    complete_when: { say: { contains: done } }
                    on_complete: [ { end: left } ]
                """));
        assertEquals(List.of(), r.diagnostics());
        assertEquals(java.util.Set.of("too-slow", "right", "left"), r.endings().keySet());
        assertTrue(r.exhausted());
        assertEveryPlayAccountedFor(r);
    }

    /** Each play ended, went on, merged with an explored point, ran too long, or stalled: nothing else. */
    static void assertEveryPlayAccountedFor(SimulationReport r) {
        int ended = r.endings().values().stream().mapToInt(Integer::intValue).sum();
        int stalled = r.stalled().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(r.plays(), ended + r.continued() + r.merged() + r.tooLong() + stalled, r.summary());
    }

    @Test
    void reportsEndingsAndStepsThatNoPlayReaches() {
        // The ending "never" waits for a variable nothing changes: statically reachable, never in play.
        SimulationReport r = Simulator.run(scenario(HEAD + """
                steps:
                  - id: first
                    complete_when: { use: { entity: lever } }
                    branches:
                      - when: { variable: { name: x, gt: 5 } }
                        goto: secret
                    on_complete: [ { end: normal } ]
                  - id: secret
                    complete_when: { use: { entity: lever } }
                    on_complete: [ { end: never } ]
                """));
        List<String> messages = r.diagnostics().stream().map(Diagnostic::message).toList();
        assertEquals(List.of("simulation never reached step 'secret': nothing leads to it (only a facilitator can jump there)",
                "simulation never reached ending 'never': it is in on_complete of step 'secret' (step 'secret' was never reached)"),
                messages);
        assertEquals(java.util.Set.of("normal"), r.endings().keySet());
    }

    @Test
    void reportsAStepNobodyGetsPast() {
        SimulationReport r = Simulator.run(scenario(HEAD + """
                steps:
                  - id: stuck
                    complete_when: { variable: { name: x, gt: 1 } }
                  - id: last
                    complete_when: { use: { entity: lever } }
                triggers:
                  - id: bump
                    every: 600
                    do: [ { increment: { variable: x, by: 1 } } ]
                """));
        // x reaches 2 after twenty simulated minutes of waiting: the simulator gets there by waiting.
        assertEquals(List.of(), r.diagnostics());
        SimulationReport never = Simulator.run(scenario(HEAD + """
                steps:
                  - id: stuck
                    complete_when: { variable: { name: x, gt: 1 } }
                  - id: last
                    complete_when: { use: { entity: lever } }
                """));
        assertEquals(List.of("simulation could not get past step 'stuck': no simulated choice completed it, timed it out or left it",
                "simulation never reached step 'last': it is entered by step 'stuck' completing (tried, but its conditions "
                        + "never held: variables, states or scores nothing set that way)",
                "simulation never reached ending 'completed': it is in the last step 'last' finishing (step 'last' was never reached)",
                "simulation never reached an ending"), never.diagnostics().stream().map(Diagnostic::message).toList());
        assertEquals(2, never.plays());
        assertEquals(Map.of("at step 'stuck' trying to complete: nothing happened in 30 simulated minutes", 1), never.stalled());
        assertEquals("2 plays: ended 0, went on to further choices 1, stalled 1 (at step 'stuck' trying to complete: "
                + "nothing happened in 30 simulated minutes)",
                never.summary());
    }
}
