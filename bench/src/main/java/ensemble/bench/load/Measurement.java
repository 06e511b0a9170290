package ensemble.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one measured configuration (sessions × clients for a window of seconds).
 * Bytes are per client per second, medians over clients; "wire" adds UDP and IPv4 headers per
 * datagram. Times in milliseconds. {@code serverCpuMicrosPerDatagram}: the server process's CPU
 * time (all threads) over the UDP datagrams it sent and received in the window. NaN means "not measured" and is written as JSON null.
 */
public record Measurement(
        String label,
        int sessions,
        int clientsPerSession,
        int entities,
        double seconds,
        int clientsOnUdp,
        double entityMovesPerSecond,
        double downPayload,
        double downWire,
        double upPayload,
        double upWire,
        double snapshotsPerClientPerSecond,
        double serverSnapshotBytesPerClient,
        Ticks tickWall,
        Ticks tickCpu,
        long skippedTicks,
        double serverCpuPercent,
        double serverCpuMicrosPerSessionTick,
        double serverCpuMicrosPerDatagram,
        double sendToDecodedP50Ms,
        double sendToDecodedP99Ms,
        double inputToSeenP50Ms,
        double inputToSeenP99Ms,
        long inputToSeenSamples,
        double gcPauseP99Ms,
        double gcPauseMaxMs,
        int gcPauses,
        double allocationMBPerSecond,
        double naivePayload,
        double naiveWire,
        double spiderMonkeyPayload,
        double spiderMonkeyWire,
        double spiderMonkeyDelivered) {

    /** Nested plain data for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("sessions", sessions);
        m.put("clientsPerSession", clientsPerSession);
        m.put("entities", entities);
        m.put("seconds", r(seconds, 1));
        m.put("clientsOnUdp", clientsOnUdp);
        m.put("entityMovesPerSecond", r(entityMovesPerSecond, 0));
        m.put("downBytesPerClientPerSecond", Map.of("payload", r(downPayload, 0), "wire", r(downWire, 0)));
        m.put("upBytesPerClientPerSecond", Map.of("payload", r(upPayload, 0), "wire", r(upWire, 0)));
        m.put("snapshotsPerClientPerSecond", r(snapshotsPerClientPerSecond, 1));
        m.put("serverSnapshotBytesPerClientPerSecond", r(serverSnapshotBytesPerClient, 0));
        m.put("tickWallMs", tickWall.toMap());
        m.put("tickCpuMs", tickCpu.toMap());
        m.put("skippedTicks", skippedTicks);
        m.put("serverCpuPercent", r(serverCpuPercent, 1));
        m.put("serverCpuMicrosPerSessionTick", r(serverCpuMicrosPerSessionTick, 1));
        m.put("serverCpuMicrosPerDatagram", r(serverCpuMicrosPerDatagram, 2));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("sendToDecodedP50", r(sendToDecodedP50Ms, 3));
        latency.put("sendToDecodedP99", r(sendToDecodedP99Ms, 3));
        latency.put("inputToSeenP50", r(inputToSeenP50Ms, 3));
        latency.put("inputToSeenP99", r(inputToSeenP99Ms, 3));
        latency.put("inputToSeenSamples", inputToSeenSamples);
        m.put("latencyMs", latency);
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("pauseP99Ms", r(gcPauseP99Ms, 3));
        gc.put("pauseMaxMs", r(gcPauseMaxMs, 3));
        gc.put("pauses", gcPauses);
        gc.put("allocationMBPerSecond", r(allocationMBPerSecond, 2));
        m.put("serverGc", gc);
        Map<String, Object> naive = new LinkedHashMap<>();
        naive.put("payload", r(naivePayload, 0));
        naive.put("wire", r(naiveWire, 0));
        naive.put("ratioPayload", r(naivePayload / downPayload, 2));
        naive.put("ratioWire", r(naiveWire / downWire, 2));
        Map<String, Object> spider = new LinkedHashMap<>();
        spider.put("payload", r(spiderMonkeyPayload, 0));
        spider.put("wire", r(spiderMonkeyWire, 0));
        spider.put("ratioPayload", r(spiderMonkeyPayload / downPayload, 2));
        spider.put("ratioWire", r(spiderMonkeyWire / downWire, 2));
        spider.put("deliveredShare", r(spiderMonkeyDelivered, 3));
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("naiveProtobufFloats", naive);
        baselines.put("spiderMonkey", spider);
        m.put("baselinesDownBytesPerClientPerSecond", baselines);
        return m;
    }

    /**
     * Time per session tick within the window, ms: p50, p99 and max as the upper bound of the
     * server histogram's bucket that holds them (buckets are about 10 % wide), mean exact.
     */
    public record Ticks(double p50, double p99, double max, double mean) {
        static Ticks since(PrometheusText before, PrometheusText after, String meter) {
            double count = after.value(meter + "_count") - before.value(meter + "_count");
            double sum = after.value(meter + "_sum") - before.value(meter + "_sum");
            return new Ticks(after.bucketPercentileSince(before, meter, 50) * 1000,
                    after.bucketPercentileSince(before, meter, 99) * 1000,
                    after.bucketPercentileSince(before, meter, 100) * 1000,
                    count > 0 ? sum / count * 1000 : Double.NaN);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p50", r(p50, 3));
            m.put("p99", r(p99, 3));
            m.put("max", r(max, 3));
            m.put("mean", r(mean, 3));
            return m;
        }
    }

    private static Object r(double value, int digits) {
        return Double.isFinite(value) ? Stats.round(value, digits) : null;
    }

    /** A copy with the SpiderMonkey figures filled in. */
    public Measurement withSpiderMonkey(double payload, double wire, double delivered) {
        return new Measurement(label, sessions, clientsPerSession, entities, seconds, clientsOnUdp, entityMovesPerSecond,
                downPayload, downWire, upPayload, upWire, snapshotsPerClientPerSecond, serverSnapshotBytesPerClient,
                tickWall, tickCpu, skippedTicks, serverCpuPercent,
                serverCpuMicrosPerSessionTick, serverCpuMicrosPerDatagram, sendToDecodedP50Ms, sendToDecodedP99Ms, inputToSeenP50Ms,
                inputToSeenP99Ms, inputToSeenSamples, gcPauseP99Ms, gcPauseMaxMs, gcPauses, allocationMBPerSecond,
                naivePayload, naiveWire, payload, wire, delivered);
    }
}
