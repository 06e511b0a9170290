package ensemble.scenario.validate;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.model.SourcePos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one file. */
final class Report {

    private final Path file;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Report(Path file) {
        this.file = file;
    }

    void error(SourcePos pos, String message) {
        diagnostics.add(Diagnostic.error(file, pos, message));
    }

    void warning(SourcePos pos, String message) {
        diagnostics.add(Diagnostic.warning(file, pos, message));
    }

    void addAll(List<Diagnostic> more) {
        diagnostics.addAll(more);
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
