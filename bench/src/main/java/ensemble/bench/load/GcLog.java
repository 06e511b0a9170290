package ensemble.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stop-the-world pauses from a unified JVM GC log written with {@code -Xlog:gc:file=...:timemillis},
 * lines such as {@code [1718000000123ms] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 2.345ms}.
 */
public final class GcLog {
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ms\\].*\\bPause\\b.*?([0-9.]+)ms\\s*$");

    /** @param atMillis wall clock when it was logged; durationMillis its length */
    public record Pause(long atMillis, double durationMillis) {
    }

    private GcLog() {
    }

    public static List<Pause> parse(List<String> lines) {
        List<Pause> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.matches()) {
                pauses.add(new Pause(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2))));
            }
        }
        return pauses;
    }
}
