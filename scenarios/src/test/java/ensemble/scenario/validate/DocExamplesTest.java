package ensemble.scenario.validate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.TestFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The complete scenarios in {@code docs/scenarios.md} validate without errors: in each section, a
 * {@code yaml} block starting with {@code id:} begins a scenario, and the section's later blocks
 * that start with a top-level key (the tutorial's entities, steps, ...) are added to it.
 */
class DocExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    static List<String> scenarios() throws IOException {
        String doc = Files.readString(TestFiles.module().resolveSibling("docs").resolve("scenarios.md"));
        List<String> out = new ArrayList<>();
        for (String section : doc.split("\\n## ")) {
            StringBuilder current = null;
            Matcher m = BLOCK.matcher(section);
            while (m.find()) {
                String block = m.group(1);
                String first = block.lines().filter(l -> !l.startsWith("#")).findFirst().orElse("");
                if (first.startsWith("id:")) {
                    if (current != null) {
                        out.add(current.toString());
                    }
                    current = new StringBuilder(block);
                } else if (current != null && Character.isLetter(first.isEmpty() ? ' ' : first.charAt(0))) {
                    current.append(block);
                }
            }
            if (current != null) {
                out.add(current.toString());
            }
        }
        return out;
    }

    @Test
    void theDocsCompleteExamplesValidate() throws IOException {
        List<String> examples = scenarios();
        assertTrue(examples.size() >= 2, "the tutorial and the flow example, found " + examples.size());
        ScenarioValidator validator = new ScenarioValidator();
        for (String yaml : examples) {
            String id = yaml.lines().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3).strip();
            Validation v = validator.validateText(Path.of("docs", id, "scenario.yaml"), yaml);
            assertEquals(List.of(), v.diagnostics().stream().filter(Diagnostic::isError).toList(), id);
        }
    }
}
