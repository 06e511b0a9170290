package ensemble.scenario.catalog;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.model.Scenario;

import java.nio.file.Path;
import java.util.List;

/** The result of loading one scenario folder: a valid scenario (maybe with warnings), or why not. */
public sealed interface FolderLoad {

    Path folder();

    List<Diagnostic> diagnostics();

    /** {@code contentHash} is the SHA-256 of {@code scenario.yaml} as read, in hex, to notice edits. */
    record Valid(Path folder, Scenario scenario, List<Diagnostic> diagnostics, String contentHash) implements FolderLoad {
    }

    record Invalid(Path folder, List<Diagnostic> diagnostics) implements FolderLoad {
    }
}
