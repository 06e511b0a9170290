package ensemble.scenario.cli;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.catalog.ScenarioFiles;
import ensemble.scenario.simulate.SimulationReport;
import ensemble.scenario.simulate.Simulator;
import ensemble.scenario.validate.ScenarioValidator;
import ensemble.scenario.validate.Validation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./ensemble validate PATH...}: checks scenario files and folders and prints every problem
 * as {@code file:line:col: error|warning: message}. Exit status 0 without errors, 1 with errors.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, version = "ensemble validate 0.1.0",
        description = "Check scenario files (or every scenario.yaml below a folder) and print each problem as "
                + "file:line:col: error|warning: message. Exit status: 0 no errors, 1 errors, 2 bad usage.")
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "scenario.yaml files or folders")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--simulate", description = "also play each valid scenario headless, exploring every branch")
    boolean simulate;

    @Option(names = {"-q", "--quiet"}, description = "print errors only, no warnings or summary")
    boolean quiet;

    private final PrintWriter out;

    public ValidateCommand(PrintWriter out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // The schema library logs through SLF4J; a command-line tool has no logging backend to offer.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        PrintWriter out = new PrintWriter(System.out, true);
        int code = new CommandLine(new ValidateCommand(out)).execute(args);
        out.flush();
        System.exit(code);
    }

    @Override
    public Integer call() {
        ScenarioValidator validator = new ScenarioValidator();
        List<Diagnostic> all = new ArrayList<>();
        int files = 0;
        List<Validation> valid = new ArrayList<>();
        for (Path path : paths) {
            List<Path> found;
            try {
                found = ScenarioFiles.under(path);
            } catch (UncheckedIOException e) {
                all.add(new Diagnostic(path, 0, 0, Diagnostic.Severity.ERROR, "cannot list folder: " + e.getMessage()));
                continue;
            }
            if (found.isEmpty()) {
                all.add(new Diagnostic(path, 0, 0, Diagnostic.Severity.ERROR, "no " + ScenarioFiles.FILE_NAME + " found below this folder"));
            }
            for (Path file : found) {
                files++;
                if (!Files.exists(file)) {
                    all.add(new Diagnostic(file, 0, 0, Diagnostic.Severity.ERROR, "no such file or folder"));
                    continue;
                }
                Validation v = validator.validateFile(file);
                all.addAll(v.diagnostics());
                if (v.scenario().isPresent()) {
                    Optional<Validation> same = valid.stream()
                            .filter(w -> w.scenario().orElseThrow().id().equals(v.scenario().get().id())).findFirst();
                    if (same.isPresent()) {
                        all.add(Diagnostic.error(file, v.scenario().get().pos(), "scenario id '" + v.scenario().get().id()
                                + "' is also the id of " + same.get().file() + "; a server offers only one of them "
                                + "(give each folder its own id)"));
                    } else {
                        valid.add(v);
                    }
                }
            }
        }
        if (simulate) {
            for (Validation v : valid) {
                SimulationReport report = Simulator.run(v.scenario().orElseThrow());
                if (!quiet) {
                    out.println(v.file() + ": simulated " + report.summary());
                }
                all.addAll(report.diagnostics());
            }
        }
        long errors = all.stream().filter(Diagnostic::isError).count();
        long warnings = all.size() - errors;
        all.stream().filter(d -> !quiet || d.isError()).forEach(out::println);
        if (!quiet) {
            out.println(files + (files == 1 ? " file" : " files") + " checked" + (simulate ? " and simulated" : "") + ": " + errors
                    + (errors == 1 ? " error" : " errors") + ", " + warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        out.flush();
        return errors == 0 ? 0 : 1;
    }
}
