package ensemble.scenario.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds scenario files: a path given as a file is itself, a folder is every scenario.yaml below it. */
public final class ScenarioFiles {

    public static final String FILE_NAME = "scenario.yaml";

    /** How deep below a given folder scenario files are looked for. */
    public static final int MAX_DEPTH = 8;

    private ScenarioFiles() {
    }

    /** Scenario files under {@code path} in sorted order; empty when there are none. */
    public static List<Path> under(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path, MAX_DEPTH)) {
            return walk.filter(p -> p.getFileName().toString().equals(FILE_NAME) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
