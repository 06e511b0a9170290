package ensemble.client.xr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Starting the headset mode: opens the runtime, and when there is none (or no headset) says so in
 * the runtime's words and offers the desktop instead: a question on a terminal, or the choice
 * given with {@code --xr-fallback}. Never a stack trace.
 */
public final class XrStart {
    private XrStart() {
    }

    /** What {@code --xr-fallback} asks for when the headset cannot be used. */
    public enum Fallback { ASK, DESKTOP, EXIT }

    /** How the client goes on. */
    public sealed interface Choice permits Headset, Desktop, Quit {
    }

    public record Headset(XrRuntime runtime) implements Choice {
    }

    public record Desktop() implements Choice {
    }

    public record Quit() implements Choice {
    }

    public static Fallback parse(String value) {
        try {
            return Fallback.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--xr-fallback must be ask, desktop or exit, not '" + value + "'");
        }
    }

    /**
     * @param terminal the person's answers when a terminal is attached, else null (then ASK behaves like EXIT,
     *                 with a hint to pass {@code --xr-fallback desktop})
     */
    public static Choice choose(Supplier<XrRuntime.Outcome> open, Fallback fallback, BufferedReader terminal,
            PrintStream out) {
        XrRuntime.Outcome outcome = open.get();
        if (outcome instanceof XrRuntime.Opened opened) {
            out.println("OpenXR: " + opened.runtime().runtimeName() + ", headset " + opened.runtime().systemName());
            return new Headset(opened.runtime());
        }
        String reason = ((XrRuntime.Unavailable) outcome).reason();
        out.println("Cannot start VR mode: " + reason + ".");
        switch (fallback) {
            case DESKTOP -> {
                out.println("Continuing in desktop mode (mouse and keyboard).");
                return new Desktop();
            }
            case EXIT -> {
                out.println("Not continuing (--xr-fallback exit). Run without --xr, or with --xr-fallback desktop, for desktop mode.");
                return new Quit();
            }
            default -> {
                if (terminal == null) {
                    out.println("Desktop mode is available: run again with --xr-fallback desktop (or without --xr).");
                    return new Quit();
                }
                out.print("Continue in desktop mode instead? [Y/n] ");
                out.flush();
                String answer;
                try {
                    answer = terminal.readLine();
                } catch (IOException e) {
                    answer = null;
                }
                if (answer == null || answer.isBlank() || answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                    out.println("Continuing in desktop mode (mouse and keyboard).");
                    return new Desktop();
                }
                return new Quit();
            }
        }
    }
}
