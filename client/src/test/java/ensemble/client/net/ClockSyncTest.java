package ensemble.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClockSyncTest {
    @Test
    void theShortestRoundTripWins() {
        ClockSync sync = new ClockSync();
        // server clock is 5000 ms ahead; one exchange was delayed 200 ms on the way back
        sync.sample(1000, 6010, 1220);
        sync.sample(2000, 7005, 2010);
        assertEquals(10, sync.roundTripMs());
        assertEquals(5000, sync.offsetMs());
    }

    @Test
    void noSamplesMeansNoOffset() {
        assertEquals(0, new ClockSync().offsetMs());
        assertEquals(-1, new ClockSync().roundTripMs());
    }
}
