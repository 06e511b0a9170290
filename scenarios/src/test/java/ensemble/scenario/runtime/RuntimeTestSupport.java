package ensemble.scenario.runtime;

import ensemble.scenario.model.Scenario;
import ensemble.scenario.validate.ScenarioValidator;
import ensemble.scenario.validate.Validation;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Builds scenarios from YAML text, and asserts on effect lists. */
final class RuntimeTestSupport {

    private static final ScenarioValidator VALIDATOR = new ScenarioValidator();

    private RuntimeTestSupport() {
    }

    static Scenario scenario(String yaml) {
        Validation v = VALIDATOR.validateText(Path.of("test/scenario.yaml"), yaml);
        if (v.scenario().isEmpty()) {
            fail("test scenario invalid: " + v.diagnostics());
        }
        return v.scenario().get();
    }

    static <T extends Effect> T single(List<Effect> effects, Class<T> type) {
        List<T> found = effects.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "expected one " + type.getSimpleName() + " in " + effects);
        return found.get(0);
    }

    static void none(List<Effect> effects, Class<? extends Effect> type) {
        assertTrue(effects.stream().noneMatch(type::isInstance), "expected no " + type.getSimpleName() + " in " + effects);
    }
}
