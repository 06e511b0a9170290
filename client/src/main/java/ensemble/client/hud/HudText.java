package ensemble.client.hud;

/** Text formatting the HUD needs, kept free of jME so it is tested directly. */
public final class HudText {
    private HudText() {
    }

    /** {@code m:ss} for a duration in milliseconds (negative counts as zero). */
    public static String clock(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }

    /** Wraps {@code text} at word boundaries to lines of at most {@code width} characters. */
    public static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                out.append('\n');
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    /** Cuts {@code text} to {@code max} characters with an ellipsis. */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
