package ensemble.client.hud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ensemble.client.bench.FrameTimes;
import org.junit.jupiter.api.Test;

class HudTextTest {
    @Test
    void clockWrapAndCut() {
        assertEquals("1:05", HudText.clock(65_999));
        assertEquals("0:00", HudText.clock(-5));
        assertEquals("Carry the kit\nto the exit", HudText.wrap("Carry the kit to   the exit", 14));
        assertEquals("abc\u2026", HudText.cut("abcdef", 4));
    }

    @Test
    void frameTimePercentilesUseNearestRank() {
        FrameTimes times = new FrameTimes();
        for (int i = 1; i <= 10_000; i++) {
            times.record(i);
        }
        assertEquals(5000, times.percentile(50));
        assertEquals(9900, times.percentile(99));
        assertEquals(10_000, times.percentile(100));
        assertEquals(5000.5, times.meanMicros(), 1e-9);
    }
}
