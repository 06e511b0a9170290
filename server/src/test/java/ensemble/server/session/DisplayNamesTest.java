package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DisplayNamesTest {
    private static String name(String raw) {
        DisplayNames.Result result = DisplayNames.normalise(raw, "Participant 1");
        assertTrue(result.ok(), raw + " refused: " + result.refusal());
        return result.name();
    }

    private static void refused(String raw) {
        assertFalse(DisplayNames.normalise(raw, "Participant 1").ok(), "'" + raw + "' should be refused");
    }

    @Test
    void controlBidiAndLineBreaksAreRemovedAndSpaceIsCollapsed() {
        assertEquals("Ada Lovelace", name("  Ada \n\t Lovelace \r\n"));
        assertEquals("evilgpj.exe", name("evil\u202Egpj.exe"), "right-to-left override removed");
        assertEquals("Bob", name("\u2066B\u200Bo\u200Db\u2069"), "isolates and zero-width characters removed");
        assertEquals("Ann Lee", name("Ann\u2028Lee"), "a line separator is a space");
        assertEquals("Zoë", name("Zoe\u0308"), "NFKC composes");
        assertEquals("Participant 1", name("\u0000\u0007\u202E \n"), "nothing printable left: the fallback");
    }

    @Test
    void namesAreBoundedInCodePoints() {
        String long64 = "x".repeat(64);
        assertEquals(DisplayNames.MAX_CODE_POINTS, name(long64).codePointCount(0, name(long64).length()));
        String emoji = "\uD83D\uDE00".repeat(40);
        String kept = name(emoji);
        assertEquals(DisplayNames.MAX_CODE_POINTS, kept.codePointCount(0, kept.length()), "no half surrogate pair");
    }

    @Test
    void namesOfTheFacilitatorAreRefusedWhateverTheirSpelling() {
        refused("Facilitator");
        refused("facilitator");
        refused("  F a c i l i t a t o r ");
        refused("The Facilitator");
        refused("F4cilitat0r");
        refused("Fac1litator");
        refused("ＦＡＣＩＬＩＴＡＴＯＲ"); // full-width
        refused("Fаcilitаtor"); // Cyrillic а
        refused("Fácilitator");
        refused("Facili\u200Btator");
        refused("Admin");
        refused("SYSTEM");
        refused("moderator_1");
    }

    @Test
    void ordinaryNamesPass() {
        assertEquals("Fatima", name("Fatima"));
        assertEquals("Adminah", name("Adminah"), "only whole reserved words, except facilitator-like ones");
        assertEquals("李雷", name("李雷"));
        assertEquals("Ana-María O'Neil", name("Ana-María O'Neil"));
    }
}
