package ensemble.client.scene;

import com.jme3.math.ColorRGBA;

/** Colours as the protocol spells them ({@code #rrggbb} or {@code #rrggbbaa}). */
public final class Colors {
    private Colors() {
    }

    /** Parses {@code text}; a blank or malformed value gives {@code fallback} (scenario data must not crash us). */
    public static ColorRGBA parse(String text, ColorRGBA fallback) {
        if (text == null) {
            return fallback.clone();
        }
        String hex = text.trim();
        if (hex.startsWith("#")) {
            hex = hex.substring(1);
        }
        if (hex.length() != 6 && hex.length() != 8) {
            return fallback.clone();
        }
        try {
            long value = Long.parseLong(hex, 16);
            if (hex.length() == 6) {
                value = (value << 8) | 0xff;
            }
            return new ColorRGBA(((value >> 24) & 0xff) / 255f, ((value >> 16) & 0xff) / 255f,
                    ((value >> 8) & 0xff) / 255f, (value & 0xff) / 255f);
        } catch (NumberFormatException e) {
            return fallback.clone();
        }
    }
}
