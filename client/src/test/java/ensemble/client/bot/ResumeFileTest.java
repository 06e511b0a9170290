package ensemble.client.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeFileTest {
    @TempDir
    Path dir;

    @Test
    void identitiesSurviveAWriteAndAreOnlyUsedForTheirSession() {
        Path file = dir.resolve("bots.json");
        ResumeFile saved = new ResumeFile("s1", List.of())
                .with(new ResumeFile.Identity("Bot 1", "p-1", "warden", "token-1", "extinguisher"))
                .with(new ResumeFile.Identity("Bot 2", "p-2", "employee", "token-2", ""))
                .with(new ResumeFile.Identity("Bot 1", "p-1", "warden", "token-1b", ""));
        saved.write(file);
        assertEquals(List.of(new ResumeFile.Identity("Bot 1", "p-1", "warden", "token-1b", ""),
                new ResumeFile.Identity("Bot 2", "p-2", "employee", "token-2", "")), ResumeFile.read(file, "s1"));
        assertEquals(List.of(), ResumeFile.read(file, "another-session"));
        assertEquals(List.of(), ResumeFile.read(dir.resolve("missing.json"), "s1"));
    }

    @Test
    void aBrokenFileIsReportedWithItsPosition() throws Exception {
        Path file = dir.resolve("bots.json");
        Files.writeString(file, "{\n  \"session\": \"s1\",\n  \"bots\": [ oops ]\n}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResumeFile.read(file, "s1"));
        assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
    }
}
