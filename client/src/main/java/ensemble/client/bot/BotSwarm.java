package ensemble.client.bot;

import ensemble.client.net.ConnectionListener;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.LatencyRecorder;
import ensemble.client.net.ServerConnection;
import ensemble.client.net.SessionLocator;
import ensemble.proto.snapshot.Frame;
import ensemble.proto.Transport;
import ensemble.v1.ErrorCode;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A number of bots sharing one small event loop group: what {@code ./ensemble bots} runs, and
 * what integration tests and the benchmark use as a team.
 */
public final class BotSwarm implements AutoCloseable {
    /** One bot with its connection. */
    public record Member(Bot bot, ServerConnection connection) {
        public String name() {
            return connection.displayName();
        }
    }

    private final EventLoopGroup group;
    private final List<Member> members = new ArrayList<>();
    private final long startedNanos = System.nanoTime();

    public BotSwarm(int threads) {
        this.group = Transport.best().newGroup(threads);
    }

    /** A bot could not join: the server's refusal, or no answer in time. */
    public static final class JoinFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ErrorCode code;

        JoinFailed(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        /** The server's reason, or null when it did not answer. */
        public ErrorCode code() {
            return code;
        }
    }

    /**
     * Starts one bot called {@code name}: with the first of {@code tokens} whose role has room
     * (a full role moves on to the next token), and returns once it is welcomed.
     */
    public Member join(String name, List<String> tokens, ConnectionOptions template, boolean chatty, long seed,
            ConnectionListener observer) throws JoinFailed, InterruptedException {
        JoinFailed last = new JoinFailed(null, "no join token");
        for (String token : tokens) {
            Bot bot = new Bot(seed, template.inputRateHz(), chatty);
            ServerConnection connection = ServerConnection.connect(group, template.withIdentity(token, name),
                    listener(bot, observer));
            try {
                return admitted(bot, connection);
            } catch (JoinFailed e) {
                if (e.code() != ErrorCode.ERROR_CODE_ROLE_FULL) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * Brings back a bot of an earlier run as the same participant, holding {@code carrying}
     * (empty: nothing); fails when the server no longer has that participant.
     */
    public Member resume(ResumeFile.Identity identity, ConnectionOptions template, boolean chatty, long seed,
            ConnectionListener observer) throws JoinFailed, InterruptedException {
        Bot bot = new Bot(seed, template.inputRateHz(), chatty);
        bot.holding(identity.carrying());
        ServerConnection connection = ServerConnection.resume(group, template.withIdentity("", identity.name()),
                identity.resumeToken(), listener(bot, observer));
        return admitted(bot, connection);
    }

    private Member admitted(Bot bot, ServerConnection connection) throws JoinFailed, InterruptedException {
        bot.attach(connection);
        try {
            connection.welcomed().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            ErrorCode code = e.getCause() instanceof ServerConnection.ConnectionRefused refused ? refused.code() : null;
            throw new JoinFailed(code, e.getCause().getMessage());
        } catch (TimeoutException e) {
            connection.close();
            throw new JoinFailed(null, "no answer from the server within 30 s");
        }
        Member member = new Member(bot, connection);
        synchronized (members) {
            members.add(member);
        }
        return member;
    }

    private static ConnectionListener listener(Bot bot, ConnectionListener observer) {
        return new ConnectionListener() {
            @Override
            public void onWelcome(Welcome welcome) {
                bot.onWelcome(welcome);
                observer.onWelcome(welcome);
            }

            @Override
            public void onMessage(ServerMessage message) {
                bot.onMessage(message);
                observer.onMessage(message);
            }

            @Override
            public void onSnapshot(Frame frame, Snapshot snapshot) {
                observer.onSnapshot(frame, snapshot);
            }

            @Override
            public void onDisconnected(String reason, boolean resuming) {
                observer.onDisconnected(reason, resuming);
            }

            @Override
            public void onLocatorEvent(SessionLocator.Event event) {
                observer.onLocatorEvent(event);
            }

            @Override
            public void onClosed(String reason) {
                observer.onClosed(reason);
            }
        };
    }

    /** Starts {@code count} bots with the given token; returns when all are welcomed. */
    public List<Member> start(String host, int port, String token, int count, ConnectionOptions template,
            boolean chatty, long seed) throws Exception {
        List<CompletableFuture<Welcome>> joins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Bot bot = new Bot(seed + i, template.inputRateHz(), chatty);
            ConnectionOptions options = template.withIdentity(token, "Bot " + (members.size() + 1));
            ServerConnection connection = ServerConnection.connect(group, options, listener(bot, new ConnectionListener() { }));
            bot.attach(connection);
            members.add(new Member(bot, connection));
            joins.add(connection.welcomed());
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return List.copyOf(members);
    }

    public List<Member> members() {
        synchronized (members) {
            return List.copyOf(members);
        }
    }

    /** The identities to resume these bots with in a later run. */
    public ResumeFile identities(String session) {
        List<ResumeFile.Identity> bots = new ArrayList<>();
        for (Member m : members()) {
            var welcome = m.connection().welcome();
            if (welcome != null) {
                bots.add(new ResumeFile.Identity(m.name(), welcome.getParticipantId(), welcome.getRole(),
                        welcome.getResumeToken(), m.bot().carrying()));
            }
        }
        return new ResumeFile(session, bots);
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

    /**
     * Drops every connection without saying goodbye: the server keeps the participants (and what
     * they hold) for its resume grace, so that a later run resumes them from a {@link ResumeFile}.
     */
    public void closeKeepingIdentities() {
        for (Member m : members()) {
            m.connection().disconnect();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** Every bot says goodbye and leaves the session. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> left = new ArrayList<>();
        for (Member m : members()) {
            left.add(m.connection().leave());
        }
        try {
            CompletableFuture.allOf(left.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // leaving is best effort: the server drops them after its resume grace anyway
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
