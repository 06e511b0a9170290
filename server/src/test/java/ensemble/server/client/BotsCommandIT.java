package ensemble.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.client.cli.BotsCommand;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.testing.Api;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./ensemble bots} as an operator runs it, against a real server with the fire drill (one
 * warden, up to eight employees): the README's quick start, the console's command, a warden's
 * link alone, and a restart with a resume file. Every run must leave the session as it found it
 * (no ghosts), and every failure must be one line.
 */
class BotsCommandIT {
    @TempDir
    static Path dataDir;
    static EnsembleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir).toBuilder()
                .scenarioDir(Path.of("../scenarios/catalog").toAbsolutePath().normalize()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    static Run bots(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new BotsCommand()).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        oldOut.println("bots " + String.join(" ", args) + "\n  exit " + exit + "\n" + run.err().indent(2));
        return run;
    }

    static JsonNode fireDrill() throws Exception {
        return Api.postJson(server.httpPort(), "/api/sessions", "{\"scenario\":\"office-fire-evacuation\"}");
    }

    static List<JsonNode> participants(String session) throws Exception {
        List<JsonNode> people = new ArrayList<>();
        Api.getJson(server.httpPort(), "/api/sessions/" + session).path("participants").forEach(people::add);
        return people;
    }

    static void awaitNobodyIn(String session) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!participants(session).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("participants left behind: " + participants(session));
            }
            Thread.sleep(50);
        }
    }

    static String[] common(String session, String... more) {
        return Stream.concat(Stream.of("--server", "127.0.0.1:" + server.controlPort(), "--session", session,
                "--api", "https://127.0.0.1:" + server.httpPort(), "--pin", ensemble.server.testing.TestTls.PIN,
                "--seconds", "1", "--quiet", "--status-every", "1"),
                Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void theQuickStartSpreadsFourBotsOverTheRolesWithUniqueNamesAndLeavesNoGhosts() throws Exception {
        String session = fireDrill().path("id").asText();
        Run run = bots(common(session, "--count", "4", "--password", ServerConfig.TEST_CONSOLE_PASSWORD));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("4 bots in session " + session + " (1 warden, 3 employee)"), run.err());
        assertTrue(run.err().lines().anyMatch(l -> l.matches(".* bots 4/4 connected, node 127\\.0\\.0\\.1:\\d+, .*")),
                "a status line: " + run.err());
        assertTrue(run.out().contains("bots summary"));
        awaitNobodyIn(session); // the bots said goodbye: well within the 60 s the server keeps a dropped participant
    }

    @Test
    void theConsolesCommandWorksWhenCopiedAndNamesDoNotRepeat() throws Exception {
        JsonNode created = fireDrill();
        String session = created.path("id").asText();
        List<String> tokens = new ArrayList<>();
        created.path("joinTokens").forEach(t -> tokens.add(t.asText()));
        Run run = bots(common(session, "--count", "4", "--token", String.join(",", tokens)));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("(1 warden, 3 employee)"), run.err());
        // the console's page builds the same command: one token per role, comma-separated
        String console = new String(BotsCommandIT.class.getResourceAsStream("/console/console.js").readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(console.contains("--token ${Object.values(created.joinTokens).join(',')}"), "console offers every role's token");
    }

    @Test
    void givenTokensStillJoinWhenThePasswordDoesNotWork() throws Exception {
        JsonNode created = fireDrill();
        String session = created.path("id").asText();
        List<String> tokens = new ArrayList<>();
        created.path("joinTokens").forEach(t -> tokens.add(t.asText()));
        Run run = bots(common(session, "--count", "2", "--token", String.join(",", tokens), "--password", "not-the-password"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("joining with the given tokens only"), run.err());
        assertTrue(run.err().contains("2 bots in session " + session), run.err());
        awaitNobodyIn(session);
    }

    @Test
    void aWardensLinkAloneEndsInOneLineAndTheBotThatJoinedLeaves() throws Exception {
        JsonNode created = fireDrill();
        String session = created.path("id").asText();
        Run run = bots(common(session, "--count", "4", "--join", created.path("joinLinks").path("warden").asText()));
        assertEquals(1, run.exit());
        assertEquals("error: role 'warden' is full (1 of 1): 1 of 4 bots joined, and they leave again; to fill other"
                + " roles give a --token for each role (the console's command does) or the facilitator's --password",
                run.err().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertFalse(run.err().contains("Exception"), run.err());
        awaitNobodyIn(session); // no ghost is left behind
    }

    @Test
    void aRestartWithAResumeFileBringsBackTheSameParticipants(@TempDir Path dir) throws Exception {
        String session = fireDrill().path("id").asText();
        Path file = dir.resolve("bots.json");
        String password = ServerConfig.TEST_CONSOLE_PASSWORD;
        assertEquals(0, bots(common(session, "--count", "3", "--password", password, "--resume-file", file.toString())).exit());
        List<String> first = participants(session).stream().map(p -> p.path("id").asText()).sorted().toList();
        assertEquals(3, first.size(), "kept for the next run: " + participants(session));

        Run again = bots(common(session, "--count", "3", "--password", password, "--resume-file", file.toString(),
                "--log-events"));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("3 bots resumed from " + file + ": Bot 1, Bot 2, Bot 3"), again.err());
        List<JsonNode> after = participants(session);
        assertEquals(first, after.stream().map(p -> p.path("id").asText()).sorted().toList(), "the same participants, no new ones");
        assertEquals(List.of("Bot 1", "Bot 2", "Bot 3"), after.stream().map(p -> p.path("name").asText()).sorted().toList());
    }
}
