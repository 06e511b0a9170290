package ensemble.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.CertificatePin;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code console-tests/console.test.mjs} (headless chromium through playwright-core)
 * against a real server, and plays the team: when the script asks for bots it connects them
 * (one with a hostile name, who also chats hostile markup), and when it asks for a check it
 * verifies what the bots received. The script's screenshot lands in {@code target/artifacts/}.
 * Needs node, Debian's chromium and {@code npm ci} in console-tests; {@code ./ensemble test}
 * installs all three.
 */
class ConsoleBrowserIT {
    private static final Path SCRIPTS = Path.of("..", "console-tests").toAbsolutePath().normalize();
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final long SCRIPT_TIMEOUT_SECONDS = 180;

    @TempDir
    Path dir;

    @Test
    void facilitatorRunsASessionFromThePage() throws Exception {
        assertTrue(Files.isRegularFile(SCRIPTS.resolve("node_modules/playwright-core/package.json")),
                "run `npm ci` in " + SCRIPTS + " first (./ensemble test does)");
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)), chromium + " is missing: apt-get install chromium (./ensemble test does)");
        Path artifacts = Path.of("target", "artifacts").toAbsolutePath();
        Files.createDirectories(artifacts);
        Files.deleteIfExists(artifacts.resolve("console-live.png"));

        try (EnsembleServer server = EnsembleServer.start(ServerConfig.forTests(dir).toBuilder()
                .scenarioDir(java.nio.file.Path.of("../scenarios/catalog").toAbsolutePath().normalize()).build());
             Team team = new Team()) {
            ProcessBuilder builder = new ProcessBuilder("node", "console.test.mjs").directory(SCRIPTS.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("CONSOLE_URL", "https://127.0.0.1:" + server.httpPort());
            // The browser pins the server's key; the script's own API calls (Node) trust its certificate.
            builder.environment().put("CONSOLE_SPKI", CertificatePin.toStandardBase64(server.tls().pin()));
            builder.environment().put("NODE_EXTRA_CA_CERTS",
                    ensemble.server.tls.TlsSettings.testIdentity().certFile().toString());
            builder.environment().put("CONSOLE_USER", server.config().consoleUser());
            builder.environment().put("CONSOLE_PASSWORD", server.console().password());
            builder.environment().put("ARTIFACTS_DIR", artifacts.toString());
            builder.environment().put("CHROMIUM", chromium);
            Process node = builder.start();
            List<String> transcript = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter in = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8)) {
                Thread watchdog = new Thread(() -> {
                    try {
                        if (!node.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                            node.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        node.destroyForcibly();
                    }
                }, "console-test-watchdog");
                watchdog.setDaemon(true);
                watchdog.start();
                String line;
                while ((line = out.readLine()) != null) {
                    transcript.add(line);
                    System.out.println("[console-test] " + line);
                    if (line.startsWith("NEED bots ")) {
                        String[] words = line.split(" ");
                        joinTeam(team, server, words[3]);
                        in.println("OK");
                    } else if (line.startsWith("CHECK ")) {
                        in.println(check(team, line.substring("CHECK ".length())));
                    }
                }
            }
            assertTrue(node.waitFor(10, TimeUnit.SECONDS), "the browser test did not stop");
            assertEquals(0, node.exitValue(), "the browser test failed:\n" + String.join("\n", transcript));
            assertTrue(transcript.contains("PASS"), "the browser test did not finish");
            assertTrue(Files.size(artifacts.resolve("console-live.png")) > 10_000, "a screenshot of the live view");
        }
    }

    private static void joinTeam(Team team, EnsembleServer server, String token) throws Exception {
        List<Team.Member> members = team.join("127.0.0.1", server.controlPort(), token,
                List.of("Ada", "Grace", "Linus", HOSTILE));
        members.get(3).connection().send(ClientMessage.newBuilder()
                .setChat(ChatSend.newBuilder().setText("<script>window.pwned = 1</script>")).build());
    }

    /** Answers a CHECK line with OK when every (remaining) bot received what it names. */
    private static String check(Team team, String what) throws InterruptedException {
        String[] words = what.split(" ", 3);
        Predicate<ServerMessage> expected = switch (words[0]) {
            case "paused" -> scenarioEvent(ScenarioEvent.Kind.KIND_PAUSED);
            case "ended" -> scenarioEvent(ScenarioEvent.Kind.KIND_ENDED);
            case "step" -> m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_STEP_STARTED
                    && m.getScenarioEvent().getStepId().equals(words[2]);
            case "inject" -> scenarioEvent(ScenarioEvent.Kind.KIND_TRIGGER);
            case "broadcast" -> m -> m.hasChat() && m.getChat().getFromFacilitator() && m.getChat().getText().equals(words[2]);
            case "reset" -> scenarioEvent(ScenarioEvent.Kind.KIND_RESET);
            case "whispered" -> null; // one bot only: checked below
            default -> null;
        };
        if (words[0].equals("whispered")) {
            Predicate<ServerMessage> whisper = m -> m.hasChat() && m.getChat().getWhisper()
                    && m.getChat().getFromFacilitator() && m.getChat().getText().equals(words[2]);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                long got = team.members().stream().filter(m -> m.connection().welcome().getSessionId().equals(words[1]))
                        .filter(m -> m.got(whisper)).count();
                if (got == 1) {
                    return "OK";
                }
                Thread.sleep(100);
            }
            return "FAIL the whisper did not reach exactly one bot";
        }
        if (expected == null) {
            return "FAIL unknown check " + words[0];
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            // Only the bots of the session the check names: an earlier session's team may still be connected.
            Predicate<Team.Member> inSession = m -> m.connection().isConnected()
                    && m.connection().welcome().getSessionId().equals(words[1]);
            boolean all = team.members().stream().filter(inSession).allMatch(m -> m.got(expected));
            if (all && team.members().stream().anyMatch(inSession)) {
                return "OK";
            }
            Thread.sleep(100);
        }
        return "FAIL not every bot received " + what;
    }

    private static Predicate<ServerMessage> scenarioEvent(ScenarioEvent.Kind kind) {
        return m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == kind;
    }
}
