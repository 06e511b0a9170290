package ensemble.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ensemble.bench.load.Measurement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one {@code ./ensemble bench} run measured: the machine, the measurements of each
 * workload, W3's capacity search, and the targets judged against the figures. Printed
 * as a table or as one JSON object.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** One tick at 60 Hz, ms. */
    private static final double TICK_MS = 1000.0 / 60;

    private final Map<String, Object> machine;
    private final double secondsPerWorkload;
    private final Map<String, List<Measurement>> workloads = new LinkedHashMap<>();
    private Map<String, Object> capacity;

    public Report(Map<String, Object> machine, double secondsPerWorkload) {
        this.machine = machine;
        this.secondsPerWorkload = secondsPerWorkload;
    }

    /** Facts about this machine: processors, CPU model, JDK, OS. */
    public static Map<String, Object> thisMachine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        String cpu = "unknown";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        m.put("cpu", cpu);
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    public void add(String workload, Measurement measurement) {
        workloads.computeIfAbsent(workload, k -> new ArrayList<>()).add(measurement);
    }

    /** W3's result: steps are added with {@link #add}; this records the answer and why the search stopped. */
    public void capacity(int sessionsPerCore, int tickThreads, String limitedBy) {
        capacity = new LinkedHashMap<>();
        capacity.put("sessionsPerTickThread", sessionsPerCore);
        capacity.put("tickThreads", tickThreads);
        capacity.put("limitedBy", limitedBy);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        root.put("machine", machine);
        root.put("secondsPerWorkload", secondsPerWorkload);
        Map<String, Object> w = new LinkedHashMap<>();
        workloads.forEach((name, list) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            list.forEach(m -> rows.add(m.toMap()));
            w.put(name, rows);
        });
        root.put("workloads", w);
        if (capacity != null) {
            root.put("W3capacity", capacity);
        }
        root.put("targets", targets());
        return root;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }

    /** The targets that this run's workloads measured, each with the figure and met / not met. */
    List<Map<String, Object>> targets() {
        List<Map<String, Object>> t = new ArrayList<>();
        Measurement w1 = find("W1", 8);
        if (w1 != null) {
            t.add(target("W1 downstream per client <= 32 KB/s (wire)", w1.downWire() / 1000, "KB/s", w1.downWire() <= 32_000));
        }
        Measurement w64 = find("W2", 64);
        if (w64 != null) {
            t.add(target("W2 at 64 clients downstream <= 110 KB/s (wire)", w64.downWire() / 1000, "KB/s",
                    w64.downWire() <= 110_000));
        }
        Measurement w128 = find("W2", 128);
        if (w128 != null) {
            boolean full = w128.snapshotsPerClientPerSecond() >= 0.9 * 60;
            t.add(target("one session holds 128 clients at 60 Hz: tick work (CPU) p99 <= 8 ms, no skipped ticks",
                    w128.tickCpu().p99(), "ms p99 (wall clock p99 " + round(w128.tickWall().p99()) + " ms), "
                            + w128.skippedTicks() + " skipped, " + Math.round(w128.snapshotsPerClientPerSecond())
                            + " snapshots/s per client",
                    w128.tickCpu().p99() <= 8 && w128.skippedTicks() == 0 && full));
        }
        if (capacity != null) {
            int perCore = (Integer) capacity.get("sessionsPerTickThread");
            t.add(target("W3 >= 40 eight-client sessions per core", perCore, "sessions per tick thread (limited by "
                    + capacity.get("limitedBy") + ")", perCore >= 40));
        }
        for (int clients : new int[] {8, 64}) {
            Measurement w4 = find("W4", clients);
            if (w4 == null) {
                continue;
            }
            double limit = clients == 8 ? 1 : 2;
            t.add(target("W4 send -> decoded p99 <= " + (int) limit + " ms at " + clients + " clients",
                    w4.sendToDecodedP99Ms(), "ms", w4.sendToDecodedP99Ms() <= limit));
            t.add(target("W4 input -> seen by others p99 <= one tick + 2 ms at " + clients + " clients",
                    w4.inputToSeenP99Ms(), "ms (limit " + round(TICK_MS + 2) + ")", w4.inputToSeenP99Ms() <= TICK_MS + 2));
        }
        return t;
    }

    private Measurement find(String workload, int clients) {
        for (Measurement m : workloads.getOrDefault(workload, List.of())) {
            if (m.clientsPerSession() == clients && m.sessions() == 1) {
                return m;
            }
        }
        return null;
    }

    private static Map<String, Object> target(String what, double measured, String unit, boolean met) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", what);
        m.put("measured", Double.isFinite(measured) ? round(measured) : null);
        m.put("unit", unit);
        m.put("met", met);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The human table: one row per measurement, then the targets. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Ensemble benchmark, %s, %s cores (%s), %s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), machine.get("nproc"), machine.get("cpu"),
                machine.get("jdk")));
        out.append("bytes per client per second (medians over clients); wire = + UDP/IPv4 headers; times in ms; tick = wall-clock time per session tick and cpu = the tick thread's CPU time for it (work), p50/p99 as the upper bound of the server histogram bucket, in the window; cpu/tick = server process CPU (all threads) per session tick; cpu/dg = the same per UDP datagram sent or received; naive/SpMk = baseline wire bytes / ours\n\n");
        String header = String.format(Locale.ROOT,
                "%-22s %8s %8s %7s %7s %6s %6s %6s %6s %5s %5s %8s %6s %6s %6s %6s %6s %6s %6s %7s %7s %7s%n",
                "workload", "down", "down", "up", "up", "tick", "tick", "cpu", "cpu", "skip", "cpu", "cpu/tick", "cpu/dg", "s->d", "s->d",
                "in->s", "in->s", "gc", "alloc", "naive", "naive", "SpMk");
        out.append(header);
        out.append(String.format(Locale.ROOT,
                "%-22s %8s %8s %7s %7s %6s %6s %6s %6s %5s %5s %8s %6s %6s %6s %6s %6s %6s %6s %7s %7s %7s%n",
                "", "payload", "wire", "payload", "wire", "p50", "p99", "p50", "p99", "", "%", "us", "us", "p50", "p99", "p50",
                "p99", "p99", "MB/s", "B/s", "x wire", "x wire"));
        workloads.forEach((name, list) -> {
            for (Measurement m : list) {
                out.append(String.format(Locale.ROOT,
                        "%-22s %8.0f %8.0f %7.0f %7.0f %6.2f %6.2f %6.2f %6.2f %5d %5.0f %8.1f %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f %6.1f %7.0f %7s %7s%n",
                        name + " " + m.label(), m.downPayload(), m.downWire(), m.upPayload(), m.upWire(), m.tickWall().p50(),
                        m.tickWall().p99(), m.tickCpu().p50(), m.tickCpu().p99(), m.skippedTicks(), m.serverCpuPercent(),
                        m.serverCpuMicrosPerSessionTick(), m.serverCpuMicrosPerDatagram(), m.sendToDecodedP50Ms(), m.sendToDecodedP99Ms(),
                        m.inputToSeenP50Ms(), m.inputToSeenP99Ms(), m.gcPauseP99Ms(), m.allocationMBPerSecond(),
                        m.naivePayload(), ratio(m.naiveWire(), m.downWire()), ratio(m.spiderMonkeyWire(), m.downWire())));
            }
        });
        if (capacity != null) {
            out.append(String.format(Locale.ROOT, "%nW3: %s eight-client sessions on %s tick thread(s) without skipped ticks (stopped: %s)%n",
                    capacity.get("sessionsPerTickThread"), capacity.get("tickThreads"), capacity.get("limitedBy")));
        }
        out.append("\ntargets (issue 3)\n");
        for (Map<String, Object> t : targets()) {
            out.append(String.format(Locale.ROOT, "  [%s] %-78s %s %s%n", (Boolean) t.get("met") ? "met" : "NOT met",
                    t.get("target"), t.get("measured"), t.get("unit")));
        }
        return out.toString();
    }

    private static String ratio(double baseline, double ours) {
        return Double.isFinite(baseline) && ours > 0 ? String.format(Locale.ROOT, "%.2f", baseline / ours) : "-";
    }
}
