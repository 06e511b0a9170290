package ensemble.scenario.validate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each file in {@code broken/} is the valid {@code valid/base.yaml} with one mistake, and ends with
 * the diagnostics it must produce, one per {@code # expect: line:col: severity: message} comment.
 * The validator must report exactly those, at exactly those positions.
 */
class BrokenScenariosTest {

    private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+): (error|warning): (.*)$");
    private static final ScenarioValidator VALIDATOR = new ScenarioValidator();

    static List<Path> brokenFiles() {
        return TestFiles.yamlFiles(TestFiles.resource("broken"));
    }

    @Test
    void thereAreAtLeastThirtyBrokenFiles() {
        assertTrue(brokenFiles().size() >= 30, "only " + brokenFiles().size() + " broken files");
    }

    @Test
    void theBaseScenarioIsClean() {
        Validation v = VALIDATOR.validateFile(TestFiles.resource("valid/base.yaml"));
        assertEquals(List.of(), v.diagnostics());
        assertTrue(v.scenario().isPresent());
    }

    static List<Path> validFiles() {
        return TestFiles.yamlFiles(TestFiles.resource("valid"));
    }

    /** {@code valid/flow.yaml} uses every flow construct (and YAML anchors); none may draw a diagnostic. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validFilesAreClean(Path file) {
        Validation v = VALIDATOR.validateFile(file);
        assertEquals(List.of(), v.diagnostics());
        assertTrue(v.scenario().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsExactlyTheExpectedDiagnostics(Path file) throws IOException {
        List<String> expected = Files.readAllLines(file).stream()
                .map(EXPECT::matcher).filter(Matcher::matches)
                .map(m -> m.group(1) + ":" + m.group(2) + ": " + m.group(3) + ": " + m.group(4))
                .toList();
        assertTrue(!expected.isEmpty(), file + " has no '# expect:' line");
        Validation v = VALIDATOR.validateFile(file);
        List<String> actual = v.diagnostics().stream()
                .map(d -> d.line() + ":" + d.col() + ": " + d.severity() + ": " + d.message())
                .toList();
        assertEquals(expected, actual);
        boolean anyError = v.diagnostics().stream().anyMatch(Diagnostic::isError);
        assertEquals(anyError, v.scenario().isEmpty(), "a scenario is returned exactly when there is no error");
    }
}
