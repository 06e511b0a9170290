package ensemble.scenario.validate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.load.ScenarioReader;
import ensemble.scenario.load.TemplateExpander;
import ensemble.scenario.load.YamlNode;
import ensemble.scenario.load.YamlTreeReader;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.SourcePos;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates scenario files: YAML syntax, "is this a scenario at all", step templates expanded, the
 * JSON Schema (on the expanded file), then the
 * checks the schema cannot express (references, step flow, conditions that never hold, ranges,
 * assets). Schema errors stop the pipeline, since later checks need a well-formed model.
 * Thread-safe; build one and reuse it (building loads the schema).
 */
public final class ScenarioValidator {

    private static final Set<String> SCENARIO_KEYS = Set.of("id", "roles", "steps", "environment");

    private final SchemaCheck schema = new SchemaCheck();

    public Validation validateFile(Path file) {
        try {
            long size = Files.size(file);
            if (size > ScenarioLimits.MAX_FILE_BYTES) {
                return failed(file, new SourcePos(1, 1), "file is " + size + " bytes; scenarios are limited to "
                        + ScenarioLimits.MAX_FILE_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return validateText(file, text);
        } catch (CharacterCodingException e) {
            return failed(file, new SourcePos(1, 1), "not a scenario: the file is not UTF-8 text");
        } catch (IOException e) {
            return failed(file, new SourcePos(0, 0), "cannot read file: " + e.getMessage());
        }
    }

    /** Validates {@code text} as if read from {@code file} (assets are looked up next to it). */
    public Validation validateText(Path file, String text) {
        YamlTreeReader.Result parsed = YamlTreeReader.read(text);
        if (parsed.problem() != null) {
            return failed(file, parsed.problem().pos(), parsed.problem().message());
        }
        YamlNode root = parsed.root();
        if (root == null) {
            return failed(file, new SourcePos(1, 1), "not a scenario: the file is empty");
        }
        if (!(root instanceof YamlNode.Mapping m)) {
            return failed(file, root.pos(), "not a scenario: expected a mapping with id, title, roles, environment "
                    + "and steps, found " + (root instanceof YamlNode.Sequence ? "a list" : "a single value"));
        }
        if (m.entries().keySet().stream().noneMatch(SCENARIO_KEYS::contains)) {
            return failed(file, root.pos(), "not a scenario: none of the keys id, roles, environment, steps is present");
        }
        List<Diagnostic> expansion = new java.util.ArrayList<>();
        root = TemplateExpander.expand(root, (pos, message) -> expansion.add(Diagnostic.error(file, pos, message)));
        if (!expansion.isEmpty()) {
            return new Validation(file, Optional.empty(), expansion);
        }
        Report report = new Report(file);
        report.addAll(schema.check(file, root));
        if (report.hasErrors()) {
            return new Validation(file, Optional.empty(), report.diagnostics());
        }
        List<Diagnostic> readProblems = new java.util.ArrayList<>();
        Scenario scenario = ScenarioReader.read(file, root, readProblems);
        report.addAll(readProblems);
        if (!report.hasErrors()) {
            check(scenario, report);
        }
        return new Validation(file, report.hasErrors() ? Optional.empty() : Optional.of(scenario), report.diagnostics());
    }

    private static void check(Scenario s, Report report) {
        ReferenceCheck.run(s, report);
        boolean referencesOk = !report.hasErrors();
        RangeCheck.run(s, report);
        ConditionCheck.run(s, report);
        ExprCheck.run(s, report);
        AssetCheck.run(s, report);
        if (referencesOk) {
            FlowCheck.run(s, report);
        }
        Path name = s.file().getFileName();
        Path folder = s.folder().getFileName();
        if (name != null && name.toString().equals("scenario.yaml") && folder != null && !folder.toString().equals(s.id())) {
            report.warning(s.pos(), "scenario id '" + s.id() + "' differs from its folder name '" + folder + "'");
        }
    }

    private static Validation failed(Path file, SourcePos pos, String message) {
        return new Validation(file, Optional.empty(), List.of(Diagnostic.error(file, pos, message)));
    }
}
