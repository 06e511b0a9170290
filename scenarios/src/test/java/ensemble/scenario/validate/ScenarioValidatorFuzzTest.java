package ensemble.scenario.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import ensemble.scenario.Diagnostic;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the trainers' language end to end: YAML text → tree → schema →
 * model → every validator check. A scenario file comes from a person (or a shared folder), so
 * whatever it holds must end in diagnostics, never in an exception, a hang or a position that
 * points nowhere.
 *
 * <p>What must hold for any UTF-8 text: {@link ScenarioValidator#validateText} returns; each
 * diagnostic names the file, a line inside it (0 for the whole file) and a message; and a
 * scenario is returned exactly when no diagnostic is an error.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code ScenarioValidatorFuzzTestInputs/}
 * (the valid base file, the catalogue and the broken examples are the seeds); {@code
 * docs/security.md} says how to fuzz for longer.
 */
class ScenarioValidatorFuzzTest {
    private static final ScenarioValidator VALIDATOR = new ScenarioValidator();
    /** Assets are looked up next to the file: a folder that has none. */
    private static final Path FILE = Path.of("target", "fuzz", "scenario.yaml");

    @FuzzTest(maxDuration = "5m")
    void anyTextEndsInDiagnostics(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return; // validateFile reports these before any parsing
        }
        Validation validation = VALIDATOR.validateText(FILE, text);
        long lines = text.lines().count() + 1;
        for (Diagnostic d : validation.diagnostics()) {
            assertEquals(FILE, d.file());
            assertTrue(d.line() >= 0 && d.line() <= lines, "line " + d.line() + " outside the file: " + d);
            assertTrue(d.col() >= 0, "negative column: " + d);
            assertFalse(d.message() == null || d.message().isBlank(), "a diagnostic without a message");
        }
        assertEquals(validation.hasErrors(), validation.scenario().isEmpty(),
                "a scenario is returned exactly when there is no error");
    }
}
