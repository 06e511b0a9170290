package ensemble.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.server.store.Checkpoint;
import ensemble.server.store.EventId;
import ensemble.server.store.EventRecord;
import ensemble.server.store.Participant;
import ensemble.server.store.RedisConnection;
import ensemble.server.store.RedisServerProcess;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStatus;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoreSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ensemble privacy export|forget} against a real redis-server, as an operator runs them. */
class PrivacyCommandIT {
    static RedisServerProcess redis;

    @BeforeAll
    static void start(@TempDir Path dir) {
        redis = RedisServerProcess.start(dir);
    }

    @AfterAll
    static void stop() {
        redis.stop();
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void exportPrintsThePersonsDataAndForgetDeletesIt() throws Exception {
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            SessionStore store = new SessionStore(connection, StoreSettings.defaults());
            store.sessions().put(new SessionRecord("cli-1", "fire-drill", "3", SessionStatus.ENDED, "node-a", "done",
                    900, 1000, 2000));
            store.sessions().putParticipant("cli-1", new Participant("carol", "Carol", "warden",
                    Participant.hashResumeToken("t"), 55, List.of(), 1000));
            store.events().append("cli-1", "node-a", new EventId(1),
                    new EventRecord("chat", 5, 1500, "carol", Map.of("text", "fire on floor 2")));
            store.events().append("cli-1", "node-a", new EventId(2),
                    new EventRecord("use", 6, 1600, "dave", Map.of("entity", "alarm")));
            store.checkpoints().save("cli-1", "node-a", new Checkpoint(900, new EventId(2), 1900, new byte[]{1}));

            Run export = run("privacy", "export", "--participant", "carol", "--redis", redis.url());
            assertEquals(0, export.exitCode(), export.err());
            JsonNode json = new ObjectMapper().readTree(export.out());
            JsonNode session = json.get("sessions").get(0);
            assertEquals("cli-1", session.get("sessionId").asText());
            assertEquals(55, session.get("participant").get("score").asInt());
            assertEquals(1, session.get("events").size(), "only carol's event");
            assertEquals("fire on floor 2", session.get("events").get(0).get("data").get("text").asText());

            Run forget = run("privacy", "forget", "--participant", "carol", "--redis", redis.url());
            assertEquals(0, forget.exitCode(), forget.err());
            assertTrue(forget.out().contains("Forgot participant carol: 1 session(s), 1 event(s), 1 checkpoint(s) and "
                    + "0 recording(s) deleted."), forget.out());
            assertFalse(forget.out().contains("Warning"), "the session had ended");
            assertTrue(store.sessions().participant("cli-1", "carol").isEmpty());
            assertEquals(List.of("dave"), store.events().readAll("cli-1", EventId.NONE).stream()
                    .map(e -> e.event().actor()).toList());

            Run after = run("privacy", "export", "--participant", "carol", "--redis", redis.url());
            assertEquals(0, new ObjectMapper().readTree(after.out()).get("sessions").size());
        }
    }

    @Test
    void withoutRedisOrWithABadUrlItSaysWhatIsMissing() {
        Run noRedis = run("privacy", "forget", "--participant", "carol");
        // ENSEMBLE_REDIS_URL is not set in the test environment.
        assertEquals(2, noRedis.exitCode());
        assertTrue(noRedis.err().contains("give --redis URL or set ENSEMBLE_REDIS_URL"), noRedis.err());

        Run badUrl = run("privacy", "export", "--participant", "carol", "--redis", "http://x");
        assertEquals(2, badUrl.exitCode());
        assertTrue(badUrl.err().contains("unknown scheme 'http'"), badUrl.err());

        Run badId = run("privacy", "export", "--participant", "{x}", "--redis", redis.url());
        assertEquals(2, badId.exitCode());
        assertTrue(badId.err().contains("participant id must be"), badId.err());

        Run noAction = run("privacy");
        assertEquals(2, noAction.exitCode());
        assertTrue(noAction.err().contains("export or forget"), noAction.err());
    }
}
