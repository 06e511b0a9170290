package ensemble.server.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Learning Locker's xAPI validation library (npm {@code @learninglocker/xapi-validation},
 * conformance-tested against the xAPI 1.0.x rules) on statements, through node. Installs the
 * package with {@code npm ci} the first time (the npm registry is reachable wherever tests run).
 */
public final class XapiValidator {
    static final Path DIR = Path.of("src/test/xapi-validator").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private XapiValidator() {
    }

    /** For each statement, the library's warnings; an empty list means the statement is valid. */
    public static List<List<String>> validate(List<String> statements) throws IOException, InterruptedException {
        install();
        Path file = Files.createTempFile("statements", ".json");
        try {
            Files.writeString(file, "[" + String.join(",", statements) + "]");
            Process node = new ProcessBuilder("node", "validate.mjs", file.toString()).directory(DIR.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = node.getInputStream().readAllBytes();
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("the validator failed: " + new String(out, StandardCharsets.UTF_8));
            }
            List<List<String>> report = new ArrayList<>();
            for (JsonNode warnings : JSON.readTree(out)) {
                List<String> list = new ArrayList<>();
                warnings.forEach(w -> list.add(w.path("path").asText() + ": " + w.path("rule").asText() + " " + w.path("data")));
                report.add(list);
            }
            return report;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (Files.isRegularFile(DIR.resolve("node_modules/@learninglocker/xapi-validation/package.json"))) {
            return;
        }
        // Never inheritIO here: the test JVM's stdin and stdout are Surefire's command and event channels, and
        // npm's output (or node making an inherited stdin non-blocking) corrupts them and kills the fork.
        Path log = Files.createTempFile("npm-ci", ".log");
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(DIR.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed in " + DIR + ":\n" + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
