package ensemble.client.xr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The no-headset path: a clear message and the offer of desktop mode, never a stack trace. Runs everywhere. */
class XrStartTest {
    static final XrRuntime.Unavailable NONE = new XrRuntime.Unavailable("no OpenXR runtime is installed or active (XR_ERROR_RUNTIME_UNAVAILABLE)");

    @Test
    void onATerminalTheOfferIsAskedAndYesMeansDesktop() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XrStart.Choice c = XrStart.choose(() -> NONE, XrStart.Fallback.ASK, new BufferedReader(new StringReader("y\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertInstanceOf(XrStart.Desktop.class, c);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Cannot start VR mode: no OpenXR runtime is installed or active (XR_ERROR_RUNTIME_UNAVAILABLE)"), text);
        assertTrue(text.contains("Continue in desktop mode instead? [Y/n]"), text);
    }

    @Test
    void noMeansQuitAndWithoutATerminalTheFlagIsSuggested() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertInstanceOf(XrStart.Quit.class, XrStart.choose(() -> NONE, XrStart.Fallback.ASK,
                new BufferedReader(new StringReader("n\n")), print));
        assertInstanceOf(XrStart.Quit.class, XrStart.choose(() -> NONE, XrStart.Fallback.ASK, null, print));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--xr-fallback desktop"));
        assertInstanceOf(XrStart.Desktop.class, XrStart.choose(() -> NONE, XrStart.Fallback.DESKTOP, null, print));
        assertEquals(XrStart.Fallback.EXIT, XrStart.parse("exit"));
    }

    /** The real launcher entry point with a runtime manifest that does not exist: the real loader's failure. */
    @Test
    void theClientWithoutARuntimeSaysSoAndOffersDesktopWithoutAStackTrace() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "ensemble.client.cli.Main", "client", "--xr",
                "--session", "s1", "--token", "t", "--server", "127.0.0.1:9"))
                .redirectErrorStream(true);
        pb.environment().put("XR_RUNTIME_JSON", "/nonexistent/openxr-runtime.json");
        Process p = pb.start();
        p.getOutputStream().close(); // no terminal: System.console() is null
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the client returned");
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), text);
        assertTrue(text.contains("Cannot start VR mode: no OpenXR runtime is installed or active (XR_ERROR_RUNTIME_UNAVAILABLE)"), text);
        assertTrue(text.contains("XR_RUNTIME_JSON is /nonexistent/openxr-runtime.json"), text);
        assertTrue(text.contains("Desktop mode is available: run again with --xr-fallback desktop"), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace:\n" + text);
    }
}
