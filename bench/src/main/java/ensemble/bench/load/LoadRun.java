package ensemble.bench.load;

import ensemble.bench.baseline.SpiderMonkeyBaseline;
import ensemble.bench.baseline.Wire;
import ensemble.client.net.LatencyRecorder;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server JVM with sessions of bots driven from this JVM: sessions are added with
 * {@link #addSessions}, then {@link #measure} reads client counters, {@code /metrics}, the
 * server's CPU time and GC log around a window. Not thread-safe.
 */
public final class LoadRun implements AutoCloseable {
    /** Entities per session (W1), a 20 % share of them moved by the server every tick. */
    public static final int ENTITIES = 200;
    public static final float MOVING_SHARE = 0.2f;
    /** Pause between the start-of-window reads of the server and the clients' window. */
    static final long SETTLE_MILLIS = 1000;
    /** Ticks per second: the server default. */
    public static final int TICK_RATE = 60;
    /** The test room's bounds, for dequantising recorded frames. */
    static final PoseQuantizer QUANTIZER = new PoseQuantizer(-10, 0, -10, 10, 4, 10);

    private final ServerProcess server;
    private final EventLoopGroup group;
    private final int tickThreads;
    private final List<Team> teams = new ArrayList<>();
    private int clientsPerSession;

    public LoadRun(int tickThreads, int clientThreads) throws IOException {
        this.tickThreads = tickThreads;
        this.server = ServerProcess.start(tickThreads);
        this.group = Transport.best().newGroup(clientThreads);
    }

    public int tickThreads() {
        return tickThreads;
    }

    public int sessions() {
        return teams.size();
    }

    /** Adds sessions until there are {@code total}, each with {@code clients} bots. */
    public void addSessions(int total, int clients) throws Exception {
        clientsPerSession = clients;
        while (teams.size() < total) {
            ServerProcess.CreatedSession session = server.createSession("bench-" + teams.size(), ENTITIES, clients);
            server.moveEntities(session.id(), MOVING_SHARE);
            teams.add(Team.join(group, server.controlPort(), server.trust(), session.token(), clients, 1000L * teams.size()));
        }
    }

    /** Waits {@code warmupSeconds}, then measures for {@code seconds}. */
    public Measurement measure(String label, double warmupSeconds, double seconds) throws Exception {
        Thread.sleep((long) (warmupSeconds * 1000));
        PrometheusText m0 = server.metrics();
        long cpu0 = server.cpuNanos();
        long moves0 = server.entityMoves();
        long wall0 = System.currentTimeMillis();
        long nanos0 = System.nanoTime();
        // The scrape above and its parsing here cost both JVMs a few milliseconds of CPU: the
        // clients' window starts once that has settled.
        Thread.sleep(SETTLE_MILLIS);
        teams.forEach(Team::startWindow);
        Thread.sleep((long) (seconds * 1000));
        teams.forEach(Team::endWindow);
        double window = (System.nanoTime() - nanos0) / 1e9;
        long wall1 = System.currentTimeMillis();
        long moves1 = server.entityMoves();
        long cpu1 = server.cpuNanos();
        PrometheusText m1 = server.metrics();

        List<Double> down = new ArrayList<>();
        List<Double> downWire = new ArrayList<>();
        List<Double> up = new ArrayList<>();
        List<Double> upWire = new ArrayList<>();
        List<Double> snapshots = new ArrayList<>();
        List<Double> naive = new ArrayList<>();
        List<Double> naiveWire = new ArrayList<>();
        LatencyRecorder sendToDecoded = new LatencyRecorder(400_000);
        LatencyRecorder inputToSeen = new LatencyRecorder(100_000);
        int onUdp = 0;
        double upDatagramsPerSecond = 0;
        for (Team team : teams) {
            onUdp += team.onUdp();
            for (Team.ClientRates c : team.rates()) {
                down.add(c.downBytes());
                downWire.add(wire(c.downBytes(), c.downDatagrams()));
                up.add(c.upBytes());
                upWire.add(wire(c.upBytes(), c.upDatagrams()));
                upDatagramsPerSecond += c.upDatagrams();
                snapshots.add(c.downDatagrams());
                // The naive encoder sends the full state every tick.
                naive.add(c.naiveBytesPerFrame() * TICK_RATE);
                naiveWire.add((double) Wire.udpIpv4Bytes((int) Math.round(c.naiveBytesPerFrame())) * TICK_RATE);
            }
            sendToDecoded.addAll(team.sendToDecoded());
            inputToSeen.addAll(team.inputToSeen());
        }
        int clients = teams.size() * clientsPerSession;
        double tickCount = m1.value("ensemble_tick_time_seconds_count") - m0.value("ensemble_tick_time_seconds_count");
        double cpuNanos = cpu1 - cpu0;
        List<Double> pauses = new ArrayList<>();
        double pauseMax = Double.NaN;
        for (GcLog.Pause p : server.gcPauses()) {
            if (p.atMillis() >= wall0 && p.atMillis() <= wall1) {
                pauses.add(p.durationMillis());
                pauseMax = Double.isNaN(pauseMax) ? p.durationMillis() : Math.max(pauseMax, p.durationMillis());
            }
        }
        double allocated = m1.value("jvm_gc_memory_allocated_bytes_total") - m0.value("jvm_gc_memory_allocated_bytes_total");
        double serverBytes = m1.value("ensemble_snapshot_bytes_total") - m0.value("ensemble_snapshot_bytes_total");
        double datagrams = m1.value("ensemble_snapshot_packets_total") - m0.value("ensemble_snapshot_packets_total")
                + upDatagramsPerSecond * window;
        return new Measurement(label, teams.size(), clientsPerSession, ENTITIES, window, onUdp,
                (moves1 - moves0) / window,
                Stats.median(down), Stats.median(downWire), Stats.median(up), Stats.median(upWire),
                Stats.median(snapshots), serverBytes / clients / window,
                Measurement.Ticks.since(m0, m1, "ensemble_tick_time_seconds"),
                Measurement.Ticks.since(m0, m1, "ensemble_tick_cpu_seconds"),
                Math.round(m1.value("ensemble_tick_skipped_total") - m0.value("ensemble_tick_skipped_total")),
                cpuNanos / (window * 1e9) * 100,
                tickCount > 0 ? cpuNanos / 1000 / tickCount : Double.NaN,
                datagrams > 0 ? cpuNanos / 1000 / datagrams : Double.NaN,
                millis(sendToDecoded, 50), millis(sendToDecoded, 99),
                millis(inputToSeen, 50), millis(inputToSeen, 99), inputToSeen.count(),
                Stats.percentile(pauses, 99), pauseMax, pauses.size(),
                allocated / window / (1024 * 1024),
                Stats.median(naive), Stats.median(naiveWire), Double.NaN, Double.NaN, Double.NaN);
    }

    /** Runs the SpiderMonkey replay of what the first session's observer decoded, for the same clients. */
    public Measurement withSpiderMonkey(Measurement m, double seconds) throws IOException, InterruptedException {
        List<ensemble.proto.snapshot.Frame> frames = teams.get(0).recordedFrames();
        if (frames.size() < 2) {
            return m;
        }
        // The Ensemble clients are gone first, so the replay has the machine to itself.
        closeClientsAndServer();
        SpiderMonkeyBaseline.Result r = SpiderMonkeyBaseline.run(frames, QUANTIZER, clientsPerSession, TICK_RATE, seconds);
        return m.withSpiderMonkey(r.payloadBytesPerClientPerSecond(), r.wireBytesPerClientPerSecond(),
                r.deliveredShare());
    }

    private static double wire(double bytesPerSecond, double datagramsPerSecond) {
        if (datagramsPerSecond <= 0) {
            return bytesPerSecond;
        }
        return datagramsPerSecond * Wire.udpIpv4Bytes((int) Math.round(bytesPerSecond / datagramsPerSecond));
    }

    private static double millis(LatencyRecorder recorder, double p) {
        long micros = recorder.percentile(p);
        return micros < 0 ? Double.NaN : micros / 1000.0;
    }

    private boolean closed;

    private void closeClientsAndServer() {
        if (closed) {
            return;
        }
        closed = true;
        teams.forEach(Team::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        server.close();
    }

    @Override
    public void close() {
        closeClientsAndServer();
    }
}
