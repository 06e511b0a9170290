package ensemble.scenario.validate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.model.Scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating one file: its diagnostics (sorted), and the scenario when there is
 * no error (warnings allowed).
 */
public record Validation(Path file, Optional<Scenario> scenario, List<Diagnostic> diagnostics) {

    public Validation {
        diagnostics = diagnostics.stream().sorted(Diagnostic.ORDER).toList();
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
