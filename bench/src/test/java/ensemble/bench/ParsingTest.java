package ensemble.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.bench.baseline.Wire;
import ensemble.bench.load.GcLog;
import ensemble.bench.load.PrometheusText;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsingTest {
    @Test
    void prometheusValuesSumsAndWindowedBucketPercentiles() {
        PrometheusText before = PrometheusText.parse("""
                # HELP x
                ensemble_tick_time_seconds_bucket{le="0.001"} 10
                ensemble_tick_time_seconds_bucket{le="0.002"} 10
                ensemble_tick_time_seconds_bucket{le="+Inf"} 10
                jvm_gc_pause_seconds_count{cause="a"} 1
                jvm_gc_pause_seconds_count{cause="b"} 2
                """);
        PrometheusText after = PrometheusText.parse("""
                ensemble_tick_time_seconds_bucket{le="0.001"} 108
                ensemble_tick_time_seconds_bucket{le="0.002"} 109
                ensemble_tick_time_seconds_bucket{le="+Inf"} 110
                """);
        assertEquals(3, before.sum("jvm_gc_pause_seconds_count"));
        assertEquals(0.001, after.bucketPercentileSince(before, "ensemble_tick_time_seconds", 50));
        assertEquals(0.002, after.bucketPercentileSince(before, "ensemble_tick_time_seconds", 99));
        assertEquals(Double.POSITIVE_INFINITY, after.bucketPercentileSince(before, "ensemble_tick_time_seconds", 100));
        assertTrue(Double.isNaN(before.bucketPercentileSince(before, "ensemble_tick_time_seconds", 99)));
    }

    @Test
    void gcLogPauses() {
        List<GcLog.Pause> pauses = GcLog.parse(List.of(
                "[1718000000123ms] Using G1",
                "[1718000000500ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 2.345ms",
                "[1718000000900ms] GC(1) Pause Remark 30M->30M(256M) 0.812ms"));
        assertEquals(List.of(new GcLog.Pause(1718000000500L, 2.345), new GcLog.Pause(1718000000900L, 0.812)), pauses);
    }

    @Test
    void udpIpv4Overhead() {
        assertEquals(128, Wire.udpIpv4Bytes(100));
        // 9000 bytes + 8 UDP = 9008 over 1480-byte fragments: 7 fragments of 20-byte IPv4 headers.
        assertEquals(9008 + 7 * 20, Wire.udpIpv4Bytes(9000));
    }
}
