package ensemble.proto.datagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.datagram.ReplayWindow.Verdict;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void inOrderSequencesAreEachNewestOnce() {
        ReplayWindow window = new ReplayWindow();
        assertEquals(Verdict.REPLAYED, window.check(0), "0 counts as seen: senders start at 1");
        for (long seq = 1; seq <= 5000; seq++) {
            assertEquals(Verdict.NEWEST, window.check(seq));
            assertTrue(window.accept(seq));
            assertEquals(Verdict.REPLAYED, window.check(seq));
        }
        assertEquals(5000, window.newest());
    }

    @Test
    void reorderedWithinTheWindowIsAcceptedOnceAndDoesNotMoveIt() {
        ReplayWindow window = new ReplayWindow();
        window.accept(10);
        assertEquals(Verdict.LATE, window.check(7));
        assertFalse(window.accept(7));
        assertEquals(Verdict.REPLAYED, window.check(7));
        assertEquals(Verdict.LATE, window.check(9));
        assertEquals(10, window.newest());
    }

    @Test
    void olderThanTheWindowIsRefusedEvenIfNeverSeen() {
        ReplayWindow window = new ReplayWindow();
        window.accept(1);
        window.accept(1 + ReplayWindow.SIZE + 5);
        long newest = window.newest();
        assertEquals(Verdict.LATE, window.check(newest - ReplayWindow.SIZE + 1));
        assertEquals(Verdict.TOO_OLD, window.check(newest - ReplayWindow.SIZE));
        assertEquals(Verdict.TOO_OLD, window.check(1));
        assertThrows(IllegalArgumentException.class, () -> window.accept(1));
    }

    @Test
    void aJumpForgetsWhatTheOldSlotsHeld() {
        ReplayWindow window = new ReplayWindow();
        for (long seq = 1; seq <= 100; seq++) {
            window.accept(seq);
        }
        window.accept(100 + ReplayWindow.SIZE - 50); // the slots of 1..49 now stand for 1+SIZE..49+SIZE
        assertEquals(Verdict.LATE, window.check(36 + ReplayWindow.SIZE), "a reused slot no longer says 'seen'");
        assertEquals(Verdict.REPLAYED, window.check(99), "still inside the window and seen");
        assertEquals(Verdict.TOO_OLD, window.check(40));
    }

    @Test
    void theOrderHoldsAcrossTheWrapFromTwoToTheSixtyFourMinusOneToZero() {
        ReplayWindow window = new ReplayWindow(-3); // 2^64 - 3
        assertTrue(window.accept(-2));
        assertTrue(window.accept(-1)); // 2^64 - 1
        assertEquals(Verdict.NEWEST, window.check(0), "0 follows 2^64 - 1");
        assertTrue(window.accept(0));
        assertTrue(window.accept(2));
        assertEquals(2, window.newest());
        assertEquals(Verdict.REPLAYED, window.check(-1));
        assertEquals(Verdict.REPLAYED, window.check(-2));
        assertEquals(Verdict.LATE, window.check(1), "the gap just after the wrap can still be filled");
        assertFalse(window.accept(1));
        assertEquals(Verdict.LATE, window.check(-10));
        assertEquals(Verdict.TOO_OLD, window.check(2 - ReplayWindow.SIZE));
    }

    @Test
    void halfTheSequenceSpaceAwayIsNeverNewer() {
        ReplayWindow window = new ReplayWindow(5);
        assertEquals(Verdict.TOO_OLD, window.check(5 + Long.MIN_VALUE), "exactly 2^63 away");
        assertEquals(Verdict.TOO_OLD, window.check(5 + Long.MIN_VALUE + 1));
        assertEquals(Verdict.NEWEST, window.check(5 + Long.MAX_VALUE));
        assertEquals(Verdict.TOO_OLD, window.check(0x7fffffffL + Long.MIN_VALUE));
    }
}
