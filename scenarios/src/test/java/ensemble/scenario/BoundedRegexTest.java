package ensemble.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BoundedRegexTest {

    @Test
    void findsLikeTheMatcherWithinTheBound() {
        Pattern fire = Pattern.compile("\\bfire\\b", Pattern.CASE_INSENSITIVE);
        assertEquals(BoundedRegex.Outcome.FOUND, BoundedRegex.find(fire, "there is a FIRE in the lab"));
        assertEquals(BoundedRegex.Outcome.NOT_FOUND, BoundedRegex.find(fire, "there is smoke"));
        assertTrue(BoundedRegex.found(Pattern.compile("^$"), ""));
    }

    @Test
    void catastrophicBacktrackingOnAChatLineIsCutOffNotRunForAges() {
        // Nested quantifiers with a back-reference defeat the JDK's loop memo: exponential in the
        // line's length. The bound stops it after MAX_REGEX_STEPS reads.
        Pattern evil = Pattern.compile("((a+)+)+\\2b");
        String line = "a".repeat(ScenarioLimits.MAX_SAID_CHARS);
        long started = System.nanoTime();
        assertEquals(BoundedRegex.Outcome.TOO_COSTLY, BoundedRegex.find(evil, line));
        assertFalse(BoundedRegex.found(evil, line));
        // Not a timing assertion on a busy machine: 200,000 reads are far below a minute anywhere.
        assertTrue(System.nanoTime() - started < 60_000_000_000L);
    }

    @Test
    void aLinearPatternOnTheLongestLineStaysWellInsideTheBound() {
        Pattern words = Pattern.compile("(?i)\\b(evacuate|everyone out)\\b.*\\bnow\\b");
        String line = "x ".repeat(ScenarioLimits.MAX_SAID_CHARS / 2 - 10) + "evacuate now";
        assertEquals(BoundedRegex.Outcome.FOUND, BoundedRegex.find(words, line));
    }
}
