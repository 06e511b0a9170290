package ensemble.bench.load;

import ensemble.client.bot.Bot;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.ServerTrust;
import ensemble.client.net.ServerConnection;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.ClientKind;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clients of one session: headless {@link Bot}s on the client's real network core, each
 * watched by a {@link ClientProbe}; the first one is also the {@link Marker}. Counters are read
 * at the start and end of the measured window, so joining and warm-up do not count.
 */
public final class Team implements AutoCloseable {
    private final List<ClientProbe> probes = new ArrayList<>();
    private volatile boolean measuring;
    private Marker marker;
    private long[] startCounters;
    private long windowStartNanos;
    private long windowNanos;
    private long[] endCounters;

    /** Joins {@code count} bots with {@code token}; returns once all are welcomed. */
    public static Team join(EventLoopGroup group, int port, ServerTrust trust, String token, int count, long seed)
            throws Exception {
        Team team = new Team();
        List<CompletableFuture<Welcome>> joins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Bot bot = new Bot(seed + i, 60, false);
            ClientProbe probe = new ClientProbe(team, bot, i == 1);
            ConnectionOptions options = ConnectionOptions.of("127.0.0.1", port, token, "Bench " + (i + 1),
                    ClientKind.CLIENT_KIND_BOT).withTrust(trust);
            ServerConnection connection = ServerConnection.connect(group, options, probe);
            probe.connection = connection;
            bot.attach(connection);
            if (i == 0) {
                team.marker = new Marker(bot, connection);
                connection.setInputSource(team.marker);
            }
            team.probes.add(probe);
            joins.add(connection.welcomed());
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return team;
    }

    boolean measuring() {
        return measuring;
    }

    Marker marker() {
        return marker;
    }

    public int size() {
        return probes.size();
    }

    /** Clients that have a confirmed UDP path (the rest fell back to TCP). */
    public int onUdp() {
        int n = 0;
        for (ClientProbe p : probes) {
            n += p.connection.usingUdp() ? 1 : 0;
        }
        return n;
    }

    public void startWindow() {
        startCounters = counters();
        windowStartNanos = System.nanoTime();
        measuring = true;
    }

    public void endWindow() {
        measuring = false;
        windowNanos = System.nanoTime() - windowStartNanos;
        endCounters = counters();
    }

    /** Per client: down bytes, down datagrams, up bytes, up datagrams. */
    private long[] counters() {
        long[] c = new long[probes.size() * 4];
        for (int i = 0; i < probes.size(); i++) {
            ServerConnection conn = probes.get(i).connection;
            c[i * 4] = conn.snapshotBytesReceived();
            c[i * 4 + 1] = conn.snapshotsReceived();
            c[i * 4 + 2] = conn.bytesSent();
            c[i * 4 + 3] = conn.datagramsSent();
        }
        return c;
    }

    /** Traffic of one client over the window, per second. */
    public record ClientRates(double downBytes, double downDatagrams, double upBytes, double upDatagrams,
            double naiveBytesPerFrame) {
    }

    public List<ClientRates> rates() {
        double seconds = windowNanos / 1e9;
        List<ClientRates> rates = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            double[] d = new double[4];
            for (int k = 0; k < 4; k++) {
                d[k] = (endCounters[i * 4 + k] - startCounters[i * 4 + k]) / seconds;
            }
            rates.add(new ClientRates(d[0], d[1], d[2], d[3], probes.get(i).naiveBytesPerFrame()));
        }
        return rates;
    }

    /** Every client's send → decoded latency samples (microseconds), merged. */
    public ensemble.client.net.LatencyRecorder sendToDecoded() {
        ensemble.client.net.LatencyRecorder all = new ensemble.client.net.LatencyRecorder(200_000);
        for (ClientProbe p : probes) {
            all.addAll(p.sendToDecoded);
        }
        return all;
    }

    public ensemble.client.net.LatencyRecorder inputToSeen() {
        return marker.inputToSeen;
    }

    /** Frames one client decoded during the window, in order (for the SpiderMonkey replay). */
    public List<Frame> recordedFrames() {
        return probes.size() > 1 ? probes.get(1).recorded : List.of();
    }

    @Override
    public void close() {
        for (ClientProbe p : probes) {
            p.connection.close();
        }
    }
}
