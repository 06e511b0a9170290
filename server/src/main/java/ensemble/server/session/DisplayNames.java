package ensemble.server.session;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * What a participant may be called. A name from a {@code Hello} is cleaned (Unicode NFKC; control,
 * format and bidirectional-override characters, line breaks and other invisible characters
 * removed; runs of white space made one space; cut to {@link #MAX_CODE_POINTS}) and refused when
 * it reads as a name the server keeps for itself, such as "Facilitator": the comparison ignores
 * case, white space, punctuation, accents and look-alike letters from other scripts or digits
 * ("F4cilitat0r", "ＦＡＣＩＬＩＴＡＴＯＲ", "Fасilitator" in part Cyrillic). Pure functions.
 */
public final class DisplayNames {
    /** Longest name kept, in code points (what fits a name tag and a chat line's prefix). */
    public static final int MAX_CODE_POINTS = 32;

    /** Names whose skeleton anywhere in a name refuses it. */
    private static final Set<String> RESERVED_WITHIN = skeletons("facilitator", "moderator", "administrator");
    /** Names refused when a name's whole skeleton is one of them. */
    private static final Set<String> RESERVED_WHOLE = skeletons("admin", "system", "server", "ensemble", "trainer",
            "host", "staff");

    /** A cleaned name, or why the name is refused (then {@code name} is null). */
    public record Result(String name, String refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private DisplayNames() {
    }

    /** Cleans {@code raw}; an empty result (nothing printable) is {@code fallback}. */
    public static Result normalise(String raw, String fallback) {
        String name = clean(raw == null ? "" : raw);
        if (name.isEmpty()) {
            return new Result(fallback, null);
        }
        String skeleton = skeleton(name);
        for (String reserved : RESERVED_WITHIN) {
            if (skeleton.contains(reserved)) {
                return new Result(null, "the name '" + name + "' reads as one kept for the session's staff; choose another");
            }
        }
        if (RESERVED_WHOLE.contains(skeleton)) {
            return new Result(null, "the name '" + name + "' is kept for the server; choose another");
        }
        return new Result(name, null);
    }

    private static Set<String> skeletons(String... names) {
        return java.util.Arrays.stream(names).map(DisplayNames::skeleton).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** NFKC, invisible characters out, white space runs made one space, trimmed, cut to the bound. */
    static String clean(String raw) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        int kept = 0;
        for (int i = 0; i < text.length() && kept < MAX_CODE_POINTS; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
                continue;
            }
            if (invisible(c)) {
                continue;
            }
            if (space) {
                out.append(' ');
                kept++;
                space = false;
                if (kept == MAX_CODE_POINTS) {
                    break;
                }
            }
            out.appendCodePoint(c);
            kept++;
        }
        return out.toString().strip();
    }

    /** Control, format (bidi overrides and isolates, zero-width joiners), separators, unassigned, private use. */
    private static boolean invisible(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> c == 0x034F || (c >= 0x115F && c <= 0x1160) || c == 0x3164 || c == 0xFFA0; // fillers
        };
    }

    /**
     * What a name reads as: lower case, accents off, look-alikes mapped to the Latin letter they
     * imitate, everything but letters dropped.
     */
    static String skeleton(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            int mapped = lookAlike(c);
            if (mapped >= 'a' && mapped <= 'z') {
                out.append((char) mapped);
            }
        }
        return out.toString();
    }

    /** The Latin letter a character imitates, or the character itself. */
    private static int lookAlike(int c) {
        return switch (c) {
            case '0', 'о', 'ο', 'օ' -> 'o';
            case '1', '|', '!', 'ӏ', 'і', 'ı', 'ι', 'ɩ', 'i', 'l' -> 'l'; // i and l read alike in many fonts
            case '3', 'е', 'ε', 'є' -> 'e';
            case '4', '@', 'а', 'α' -> 'a';
            case '5', '$', 'ѕ' -> 's';
            case '7', 'т', 'τ' -> 't';
            case '8', 'в' -> 'b';
            case '9' -> 'g';
            case 'с', 'ϲ' -> 'c';
            case 'р', 'ρ' -> 'p';
            case 'х', 'χ' -> 'x';
            case 'у', 'γ' -> 'y';
            case 'к', 'κ' -> 'k';
            case 'м' -> 'm';
            case 'н', 'η' -> 'h';
            case 'ј' -> 'j';
            case 'ԁ' -> 'd';
            case 'ν' -> 'v';
            case 'ω', 'ш' -> 'w';
            case 'ɡ' -> 'g';
            default -> c;
        };
    }
}
