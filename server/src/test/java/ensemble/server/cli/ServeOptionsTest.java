package ensemble.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options out of range stop {@code serve} before anything starts, with the reason and no stack trace. */
class ServeOptionsTest {
    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(args), String.join(" ", args));
        String text = err.toString();
        assertFalse(text.contains("\tat "), text);
        return text;
    }

    @Test
    void aRefusedStartWritesNoGeneratedPassword(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path data = dir.resolve("data");
        assertTrue(refused("serve", "--tick-rate", "0", "--data-dir", data.toString()).contains("tick rate"));
        assertFalse(java.nio.file.Files.exists(data.resolve(ServeCommand.CONSOLE_PASSWORD_FILE)),
                "a start refused for its options leaves no console password behind");
    }

    @Test
    void syncOptionsOutOfRangeAreRefusedClearly() {
        assertTrue(refused("serve", "--tick-rate", "0").contains("tick rate must be 1..240 Hz, was 0"));
        assertTrue(refused("serve", "--interest-radius", "-1").contains("interest radius must be positive, was -1.0"));
        assertTrue(refused("serve", "--snapshot-budget", "50").contains("snapshot budget must be 200..1103 bytes, was 50"));
        assertTrue(refused("serve", "--interest-radius", "far").contains("--interest-radius"));
    }

    @Test
    void secretsGivenTwiceOrTooShortAreRefusedClearly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("secret"), "short\n");
        assertTrue(refused("serve", "--secret", "x".repeat(40), "--secret-file", file.toString())
                .contains("give --secret or --secret-file, not both"));
        assertTrue(refused("serve", "--secret-file", file.toString()).contains("at least 32 bytes, was 5"));
        assertTrue(refused("serve", "--secret-file", dir.resolve("none").toString()).contains("does not exist"));
        String text = refused("serve", "--redis", "redis://:hunter2secret@a,b", "--data-dir", dir.toString());
        assertFalse(text.contains("hunter2secret"), text);
    }

    @Test
    void aPasswordFileGoesIntoTheRedisUrl() {
        assertEquals("redis://:p%40ss%2Fw@db:6379", ServeCommand.withPassword("redis://db:6379", "p@ss/w"));
        assertEquals("redis://app:pw@db", ServeCommand.withPassword("redis://app:@db", "pw"));
        assertEquals("redis-cluster://:pw@a:1,b:2", ServeCommand.withPassword("redis-cluster://a:1,b:2", "pw"));
        String message = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServeCommand.withPassword("redis://:old@db", "pw")).getMessage();
        assertTrue(message.contains("already holds a password") && !message.contains("old@"), message);
    }
}
