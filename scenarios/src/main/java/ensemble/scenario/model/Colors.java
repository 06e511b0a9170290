package ensemble.scenario.model;

import java.util.Locale;
import java.util.Map;

/** Scenario colours (names or {@code #rrggbb}) as {@code #rrggbb}, which every client understands. */
public final class Colors {
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("white", "#ffffff"), Map.entry("black", "#000000"), Map.entry("grey", "#808080"),
            Map.entry("gray", "#808080"), Map.entry("lightgrey", "#d3d3d3"), Map.entry("lightgray", "#d3d3d3"),
            Map.entry("darkgrey", "#505050"), Map.entry("darkgray", "#505050"), Map.entry("red", "#d03030"),
            Map.entry("green", "#30a040"), Map.entry("blue", "#3060d0"), Map.entry("yellow", "#e8d040"),
            Map.entry("orange", "#f08020"), Map.entry("brown", "#8b5a2b"), Map.entry("purple", "#8040a0"),
            Map.entry("pink", "#f0a0c0"), Map.entry("cyan", "#30c0d0"), Map.entry("beige", "#e8dcc0"),
            Map.entry("silver", "#c0c0c0"), Map.entry("navy", "#203060"), Map.entry("teal", "#208080"));

    private Colors() {
    }

    /** {@code color} as {@code #rrggbb}; {@code fallback} when it is empty or not a known name. */
    public static String hex(String color, String fallback) {
        if (color == null || color.isBlank()) {
            return fallback;
        }
        String c = color.trim().toLowerCase(Locale.ROOT);
        if (c.matches("#[0-9a-f]{6}")) {
            return c;
        }
        if (c.matches("#[0-9a-f]{3}")) {
            return "#" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3);
        }
        return NAMED.getOrDefault(c.replace(" ", ""), fallback);
    }
}
