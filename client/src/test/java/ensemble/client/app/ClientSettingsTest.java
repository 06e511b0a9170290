package ensemble.client.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClientSettingsTest {
    @Test
    void commandLineOverridesTheConfigFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "server = example.org:9000\nname = Ada\nsensitivity = 2.5\nsnap-turn = yes\nwidth = 1920\n");
        ClientCommand command = new ClientCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--session", "s-1", "--width", "800", "--no-vsync");
        ClientSettings s = ClientSettings.from(command.merged());
        assertEquals("example.org", s.host());
        assertEquals(9000, s.port());
        assertEquals("https://example.org:8080", s.api());
        assertEquals("Ada", s.name());
        assertEquals(2.5f, s.sensitivity());
        assertTrue(s.snapTurn());
        assertEquals(800, s.width(), "the command line wins");
        assertEquals(720, s.height(), "the default stays");
        assertFalse(s.vsync());
        assertEquals("s-1", s.session());
        assertNull(s.start());
    }

    @Test
    void badValuesAreNamed(@TempDir Path dir) throws Exception {
        Map<String, String> values = ClientSettings.defaults();
        values.put("fov", "wide");
        assertEquals("fov must be a number, was 'wide'",
                assertThrows(IllegalArgumentException.class, () -> ClientSettings.from(values)).getMessage());
        values.put("fov", "70");
        values.put("start", "1,2");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientSettings.from(values)).getMessage().startsWith("start must be X,Z,YAW"));
        values.put("start", "1, 2, 90");
        assertArrayEquals(new float[] {1, 2, 90}, ClientSettings.from(values).start());
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "colour = red\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientSettings.readConfig(file)).getMessage()
                .contains("unknown setting 'colour'"));
    }
}
