package ensemble.scenario.catalog;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.validate.ScenarioValidator;
import ensemble.scenario.validate.Validation;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads scenario folders for the server: {@link #loadFolder} for one folder (what a hot reload
 * calls when a file changed: keep the previous version when the result is {@link FolderLoad.Invalid}),
 * {@link #loadAll} for a whole directory. Reads files, so never call it on a tick thread.
 * Thread-safe.
 */
public final class Catalog {

    private final ScenarioValidator validator;

    public Catalog() {
        this(new ScenarioValidator());
    }

    public Catalog(ScenarioValidator validator) {
        this.validator = validator;
    }

    /** Validates {@code folder}/scenario.yaml. */
    public FolderLoad loadFolder(Path folder) {
        Path file = folder.resolve(ScenarioFiles.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new FolderLoad.Invalid(folder, List.of(new Diagnostic(file, 0, 0, Diagnostic.Severity.ERROR,
                    "no " + ScenarioFiles.FILE_NAME + " in this folder")));
        }
        Validation v = validator.validateFile(file);
        return v.scenario().<FolderLoad>map(s -> new FolderLoad.Valid(folder, s, v.diagnostics(), contentHash(file)))
                .orElseGet(() -> new FolderLoad.Invalid(folder, v.diagnostics()));
    }

    /** SHA-256 of the file in hex; empty when it cannot be read again (it was just validated). */
    public static String contentHash(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            return "";
        }
    }

    /**
     * A warning when {@code now} is an edit of {@code before} (same id, other content) that kept the
     * version: running sessions, reports and the learning record name scenarios by id and version,
     * so two different files must not share both.
     */
    public static java.util.Optional<Diagnostic> unchangedVersion(FolderLoad.Valid before, FolderLoad.Valid now) {
        Scenario a = before.scenario();
        Scenario b = now.scenario();
        if (!a.id().equals(b.id()) || !a.version().equals(b.version()) || before.contentHash().equals(now.contentHash())
                || now.contentHash().isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Diagnostic.warning(b.file(), b.pos(), ScenarioFiles.FILE_NAME + " changed but its version is still "
                + b.version() + ": sessions, reports and the learning record cannot tell the two apart; raise the version"));
    }

    /**
     * Loads every scenario folder below {@code dir}. Invalid ones are left out and their
     * diagnostics returned; a second scenario with an id already taken is left out too.
     */
    public CatalogLoad loadAll(Path dir) {
        List<Scenario> scenarios = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Path> files;
        try {
            files = ScenarioFiles.under(dir);
        } catch (UncheckedIOException e) {
            return new CatalogLoad(List.of(), List.of(new Diagnostic(dir, 0, 0, Diagnostic.Severity.ERROR,
                    "cannot list the catalogue: " + e.getCause().getMessage())));
        }
        if (files.size() > ScenarioLimits.MAX_CATALOG_SCENARIOS) {
            diagnostics.add(new Diagnostic(dir, 0, 0, Diagnostic.Severity.ERROR, "more than "
                    + ScenarioLimits.MAX_CATALOG_SCENARIOS + " scenarios; only the first are loaded"));
            files = files.subList(0, ScenarioLimits.MAX_CATALOG_SCENARIOS);
        }
        Map<String, Path> taken = new HashMap<>();
        for (Path file : files) {
            FolderLoad load = loadFolder(file.getParent());
            diagnostics.addAll(load.diagnostics());
            if (load instanceof FolderLoad.Valid valid) {
                Path first = taken.putIfAbsent(valid.scenario().id(), file);
                if (first != null) {
                    diagnostics.add(Diagnostic.error(file, valid.scenario().pos().equals(SourcePos.NONE)
                            ? new SourcePos(1, 1) : valid.scenario().pos(), "scenario id '" + valid.scenario().id()
                            + "' is already used by " + first));
                } else {
                    scenarios.add(valid.scenario());
                }
            }
        }
        return new CatalogLoad(List.copyOf(scenarios), List.copyOf(diagnostics));
    }
}
