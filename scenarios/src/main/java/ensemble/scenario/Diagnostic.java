package ensemble.scenario;

import ensemble.scenario.model.SourcePos;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One problem found in a scenario file, printed the way compilers print them so that editors and
 * terminals can jump to it: {@code file:line:col: error|warning: message}. Line and column are
 * 1-based; 0 means the problem concerns the whole file.
 */
public record Diagnostic(Path file, int line, int col, Severity severity, String message) {

    public enum Severity {
        ERROR, WARNING;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** File order, then line, then column. */
    public static final Comparator<Diagnostic> ORDER = Comparator
            .comparing((Diagnostic d) -> d.file().toString())
            .thenComparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::col)
            .thenComparing(Diagnostic::message);

    public static Diagnostic error(Path file, SourcePos pos, String message) {
        return new Diagnostic(file, pos.line(), pos.col(), Severity.ERROR, message);
    }

    public static Diagnostic warning(Path file, SourcePos pos, String message) {
        return new Diagnostic(file, pos.line(), pos.col(), Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + col + ": " + severity + ": " + message;
    }
}
