package ensemble.scenario.cli;

import ensemble.scenario.TestFiles;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidateCommandTest {

    private final StringWriter text = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new ValidateCommand(new PrintWriter(text, true))).execute(args);
    }

    @Test
    void aCleanFolderExitsZero() {
        assertEquals(0, run("--simulate", TestFiles.catalog().toString()));
        assertTrue(text.toString().contains("5 files checked and simulated: 0 errors, 0 warnings"), text.toString());
    }

    @Test
    void errorsArePrintedAsFileLineColumnAndExitOne() {
        String file = TestFiles.resource("broken/unknown-zone.yaml").toString();
        assertEquals(1, run(file));
        assertTrue(text.toString().contains(file + ":53:39: error: unknown zone 'exits' (known: exit)"), text.toString());
    }

    @Test
    void warningsAloneExitZero() {
        assertEquals(0, run(TestFiles.resource("broken/unreachable-step.yaml").toString()));
        assertTrue(text.toString().contains(": warning: step 'orphan' is unreachable"), text.toString());
    }

    @Test
    void twoFoldersWithOneScenarioIdAreAnErrorNamingBothFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path base = TestFiles.resource("valid/base.yaml");
        java.nio.file.Path first = java.nio.file.Files.createDirectories(dir.resolve("base")).resolve("scenario.yaml");
        java.nio.file.Path second = java.nio.file.Files.createDirectories(dir.resolve("base-copy")).resolve("scenario.yaml");
        java.nio.file.Files.copy(base, first);
        java.nio.file.Files.copy(base, second);
        assertEquals(1, run("-q", dir.toString()));
        // folders are read in sorted order ("base-copy" before "base/"): the later one is reported
        assertEquals(first + ":1:1: error: scenario id 'base' is also the id of " + second
                + "; a server offers only one of them (give each folder its own id)", text.toString().strip());
    }

    @Test
    void aMissingPathIsAnError() {
        assertEquals(1, run("/no/such/scenario.yaml"));
    }
}
