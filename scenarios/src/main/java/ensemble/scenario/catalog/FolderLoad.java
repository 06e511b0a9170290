package ensemble.scenario.catalog;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.model.Scenario;

import java.nio.file.Path;
import java.util.List;

/** The result of loading one scenario folder: a valid scenario (maybe with warnings), or why not. */
public sealed interface FolderLoad {

    Path folder();

    List<Diagnostic> diagnostics();

    record Valid(Path folder, Scenario scenario, List<Diagnostic> diagnostics) implements FolderLoad {
    }

    record Invalid(Path folder, List<Diagnostic> diagnostics) implements FolderLoad {
    }
}
