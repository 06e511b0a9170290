package ensemble.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.bench.load.Measurement;
import ensemble.bench.report.Report;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    static Measurement sample(String label, int clients, double downWire) {
        return new Measurement(label, 1, clients, 200, 10, clients, 2400, downWire - 1500, downWire, 6000, 7600, 60,
                downWire - 1500, new Measurement.Ticks(0.2, 2.1, 4.2, 0.3), new Measurement.Ticks(0.15, 1.2, 3.1, 0.2), 0, 20, 300, 4.5, 0.3, 3.0, 6.0, 7.0, 50, Double.NaN,
                Double.NaN, 0, 8.0, 590_000, 600_000, 120_000, 121_000, 1.0);
    }

    @Test
    void jsonIsOneObjectWithWorkloadsBaselinesAndTargets() throws Exception {
        Report report = new Report(Map.of("nproc", 2, "cpu", "test", "jdk", "17"), 10);
        report.add("W1", sample("8 clients", 8, 24_000));
        report.add("W2", sample("64 clients", 64, 120_000));
        report.capacity(24, 1, "skipped ticks at 32 sessions");
        JsonNode root = new ObjectMapper().readTree(report.toJson());
        assertTrue(root.isObject());
        JsonNode w1 = root.path("workloads").path("W1").get(0);
        assertEquals(24_000, w1.path("downBytesPerClientPerSecond").path("wire").asDouble());
        assertEquals(25.0, w1.path("baselinesDownBytesPerClientPerSecond").path("naiveProtobufFloats").path("ratioWire").asDouble());
        assertTrue(w1.path("serverGc").path("pauseP99Ms").isNull(), "NaN is written as null");
        JsonNode targets = root.path("targets");
        assertTrue(targets.get(0).path("met").asBoolean(), "24 KB/s meets the W1 target");
        assertFalse(targets.get(1).path("met").asBoolean(), "120 KB/s misses the 64-client target");
        assertFalse(targets.get(2).path("met").asBoolean(), "24 sessions per core miss 40");
        assertEquals(2.1, w1.path("tickWallMs").path("p99").asDouble());
        assertEquals(1.2, w1.path("tickCpuMs").path("p99").asDouble());
    }

    @Test
    void crowdTargetIsJudgedOnTickWorkAndShowsTheWallClockToo() throws Exception {
        Report report = new Report(Map.of("nproc", 2, "cpu", "test", "jdk", "17"), 10);
        Measurement m = sample("128 clients", 128, 60_000);
        report.add("W2", m);
        JsonNode target = new ObjectMapper().readTree(report.toJson()).path("targets").get(0);
        assertTrue(target.path("target").asText().contains("128 clients"), target.toString());
        assertEquals(1.2, target.path("measured").asDouble());
        assertTrue(target.path("unit").asText().contains("wall clock p99 2.1 ms"), target.toString());
        assertTrue(target.path("met").asBoolean());
    }

    @Test
    void tableHasARowPerMeasurementAndTheTargets() {
        Report report = new Report(Report.thisMachine(), 5);
        report.add("W1", sample("8 clients", 8, 24_000));
        String table = report.toTable();
        assertTrue(table.contains("W1 8 clients"), table);
        assertTrue(table.contains("[met] W1 downstream"), table);
    }
}
