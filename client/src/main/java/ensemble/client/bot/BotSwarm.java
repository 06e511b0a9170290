package ensemble.client.bot;

import ensemble.client.net.ConnectionListener;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.LatencyRecorder;
import ensemble.client.net.ServerConnection;
import ensemble.proto.Transport;
import ensemble.v1.ClientKind;
import ensemble.v1.ServerMessage;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A number of bots sharing one small event loop group: what {@code ./ensemble bots} runs, and
 * what integration tests and the benchmark use as a team.
 */
public final class BotSwarm implements AutoCloseable {
    /** One bot with its connection. */
    public record Member(Bot bot, ServerConnection connection) {
    }

    private final EventLoopGroup group;
    private final List<Member> members = new ArrayList<>();
    private final long startedNanos = System.nanoTime();

    public BotSwarm(int threads) {
        this.group = Transport.best().newGroup(threads);
    }

    /** Starts {@code count} bots with the given token; returns when all are welcomed. */
    public List<Member> start(String host, int port, String token, int count, ConnectionOptions template,
            boolean chatty, long seed) throws Exception {
        List<CompletableFuture<Welcome>> joins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Bot bot = new Bot(seed + i, template.inputRateHz(), chatty);
            ConnectionOptions options = new ConnectionOptions(host, port, token, "Bot " + (members.size() + 1),
                    ClientKind.CLIENT_KIND_BOT, template.useUdp(), template.inputRateHz(), template.lossRate(),
                    template.resumeWindow());
            ServerConnection connection = ServerConnection.connect(group, options, new ConnectionListener() {
                @Override
                public void onWelcome(Welcome welcome) {
                    bot.onWelcome(welcome);
                }

                @Override
                public void onMessage(ServerMessage message) {
                    bot.onMessage(message);
                }
            });
            bot.attach(connection);
            members.add(new Member(bot, connection));
            joins.add(connection.welcomed());
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return List.copyOf(members);
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    /** Totals and percentiles over every bot, as plain data (printed as a table or JSON). */
    public Map<String, Object> summary() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        LatencyRecorder all = new LatencyRecorder(200_000);
        long snapshots = 0;
        long bytesDown = 0;
        long bytesUp = 0;
        long grabs = 0;
        long udp = 0;
        for (Member m : members) {
            all.addAll(m.connection().latency());
            snapshots += m.connection().snapshotsReceived();
            bytesDown += m.connection().snapshotBytesReceived();
            bytesUp += m.connection().bytesSent();
            grabs += m.bot().grabsGranted();
            udp += m.connection().usingUdp() ? 1 : 0;
        }
        int n = Math.max(1, members.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bots", members.size());
        out.put("onUdp", udp);
        out.put("seconds", Math.round(seconds * 10) / 10.0);
        out.put("snapshotsPerBot", snapshots / n);
        out.put("downBytesPerBotPerSecond", Math.round(bytesDown / n / seconds));
        out.put("upBytesPerBotPerSecond", Math.round(bytesUp / n / seconds));
        out.put("latencyP50Micros", all.percentile(50));
        out.put("latencyP99Micros", all.percentile(99));
        out.put("latencyMaxMicros", all.percentile(100));
        out.put("grabs", grabs);
        return out;
    }

    @Override
    public void close() {
        for (Member m : members) {
            m.connection().close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
