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
    void syncOptionsOutOfRangeAreRefusedClearly() {
        assertTrue(refused("serve", "--tick-rate", "0").contains("tick rate must be 1..240 Hz, was 0"));
        assertTrue(refused("serve", "--interest-radius", "-1").contains("interest radius must be positive, was -1.0"));
        assertTrue(refused("serve", "--snapshot-budget", "50").contains("snapshot budget must be 200..1103 bytes, was 50"));
        assertTrue(refused("serve", "--interest-radius", "far").contains("--interest-radius"));
    }
}
