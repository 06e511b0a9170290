package ensemble.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputPacerTest {
    static final long TICK = 16_666_667;
    /** Where tick 0 began on the client's clock: an arbitrary phase the pacer has to find. */
    static final long PHASE = 5_123_456_789L;
    static final long ONE_WAY = 400_000;

    /**
     * A server ticking at 60 Hz on its own clock (an offset of hours from ours), snapshots sent
     * 0.3–1.3 ms after each tick began and arriving after the trip plus up to 1.5 ms of jitter;
     * inputs travel the same trip back. After a second, every input arrives before a tick begins,
     * by at least the minimum lead and at most half a tick, one per tick.
     */
    @Test
    void inputsArriveJustBeforeTheTicksThatTakeThem() {
        SplittableRandom random = new SplittableRandom(7);
        InputPacer pacer = new InputPacer(TICK, TICK);
        long serverClockOffsetMicros = 3_600_000_000L;
        long send = PHASE - 2_000_000;
        int nextSnapshotTick = 0;
        int paced = 0;
        int[] inputsPerTick = new int[400];
        for (int n = 0; n < 360; n++) {
            // Deliver the snapshots that arrived before this send.
            while (true) {
                long tickStart = PHASE + nextSnapshotTick * TICK;
                long work = 300_000 + random.nextLong(1_000_000);
                long arrival = tickStart + work + ONE_WAY + random.nextLong(1_500_000);
                if (arrival > send) {
                    break;
                }
                long startMicros = tickStart / 1000 + serverClockOffsetMicros;
                pacer.onSnapshot(arrival, startMicros, startMicros + work / 1000, ONE_WAY);
                nextSnapshotTick++;
            }
            long arrives = send + ONE_WAY;
            long sinceTick = Math.floorMod(arrives - PHASE, TICK);
            int takenBy = (int) Math.floorDiv(arrives - PHASE, TICK) + 1;
            if (n >= 60) {
                assertTrue(pacer.pacing());
                long before = TICK - sinceTick;
                assertTrue(before >= InputPacer.MIN_LEAD_NANOS - 50_000 && before <= TICK / 2 + 50_000,
                        "input " + n + " arrives " + before / 1000 + " us before its tick");
                inputsPerTick[takenBy % inputsPerTick.length]++;
                paced++;
            }
            send = pacer.nextSend(send, ONE_WAY);
        }
        assertEquals(300, paced);
        int ticksWithOne = 0;
        for (int count : inputsPerTick) {
            assertTrue(count <= 1, "two inputs for one tick");
            ticksWithOne += count;
        }
        assertEquals(300, ticksWithOne);
    }

    @Test
    void jitterWidensTheLeadAndItDecaysAgain() {
        InputPacer pacer = new InputPacer(TICK, TICK);
        long micros = 1_000_000;
        for (int tick = 0; tick < 60; tick++) {
            long start = PHASE + tick * TICK;
            pacer.onSnapshot(start + 500_000 + ONE_WAY, micros + tick * TICK / 1000, micros + tick * TICK / 1000 + 500,
                    ONE_WAY);
        }
        long quiet = pacer.leadNanos();
        assertEquals(InputPacer.MIN_LEAD_NANOS, quiet, 20_000);
        // One snapshot 4 ms late (a stall here): the lead grows by about that much...
        long start = PHASE + 60 * TICK;
        pacer.onSnapshot(start + 500_000 + ONE_WAY + 4_000_000, micros + 60 * TICK / 1000, micros + 60 * TICK / 1000 + 500,
                ONE_WAY);
        assertEquals(quiet + 4_000_000, pacer.leadNanos(), 50_000);
        // ...and shrinks back over a few half-lives of quiet snapshots.
        for (int tick = 61; tick < 61 + 5 * InputPacer.PEAK_HALF_LIFE; tick++) {
            long s = PHASE + tick * TICK;
            pacer.onSnapshot(s + 500_000 + ONE_WAY, micros + tick * TICK / 1000, micros + tick * TICK / 1000 + 500, ONE_WAY);
        }
        assertTrue(pacer.leadNanos() < quiet + 200_000, "lead " + pacer.leadNanos());
        // A late timer counts too, and the lead never exceeds half a tick.
        pacer.onSent(0, 30_000_000);
        assertEquals(TICK / 2, pacer.leadNanos());
    }

    @Test
    void withoutThePhaseOrWithAnOddPeriodInputsKeepTheirFixedRate() {
        InputPacer unknown = new InputPacer(TICK, TICK);
        assertFalse(unknown.pacing());
        assertEquals(1_000 + TICK, unknown.nextSend(1_000, ONE_WAY));
        InputPacer odd = new InputPacer(TICK, 11_111_111); // 90 Hz inputs against 60 Hz ticks
        odd.onSnapshot(PHASE, 1_000, 1_500, ONE_WAY);
        assertFalse(odd.pacing());
        assertEquals(1_000 + 11_111_111, odd.nextSend(1_000, ONE_WAY));
        InputPacer silentServer = new InputPacer(0, TICK); // the server did not say its tick rate
        silentServer.onSnapshot(PHASE, 1_000, 1_500, ONE_WAY);
        assertFalse(silentServer.pacing());
        InputPacer oldServer = new InputPacer(TICK, TICK);
        oldServer.onSnapshot(PHASE, 0, 1_500, ONE_WAY); // no tick_start_us in its snapshots
        assertFalse(oldServer.pacing());
    }

    @Test
    void halfRateInputsLandBeforeEveryOtherTick() {
        InputPacer pacer = new InputPacer(TICK, 2 * TICK);
        for (int tick = 0; tick < 40; tick++) {
            long start = PHASE + tick * TICK;
            pacer.onSnapshot(start + 700_000 + ONE_WAY, 1_000_000 + tick * TICK / 1000, 1_000_000 + tick * TICK / 1000 + 700,
                    ONE_WAY);
        }
        assertTrue(pacer.pacing());
        long send = PHASE + 41 * TICK;
        for (int n = 0; n < 20; n++) {
            long next = pacer.nextSend(send, ONE_WAY);
            long gap = next - send;
            assertTrue(gap > TICK && gap < 3 * TICK, "gap " + gap);
            long before = TICK - Math.floorMod(next + ONE_WAY - PHASE, TICK);
            assertEquals(pacer.leadNanos(), before, 50_000);
            send = next;
        }
    }
}
