package ensemble.server.console;

import ensemble.client.bot.Bot;
import ensemble.client.net.ConnectionListener;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.ServerConnection;
import ensemble.v1.ClientKind;
import ensemble.v1.ServerMessage;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Bots that walk and grab like {@code ./ensemble bots}, each also keeping every message the
 * server sent it, so a test can check that a facilitator's command reached the team.
 */
public final class Team implements AutoCloseable {
    /** One bot, its connection and what it received. */
    public record Member(String name, Bot bot, ServerConnection connection, ConcurrentLinkedQueue<ServerMessage> received) {
        public boolean got(Predicate<ServerMessage> what) {
            return received.stream().anyMatch(what);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Member> members = new ArrayList<>();

    /** Connects one bot per name with {@code token}; returns when all are welcomed. */
    public List<Member> join(String host, int port, String token, List<String> names) throws Exception {
        List<CompletableFuture<Welcome>> welcomes = new ArrayList<>();
        for (String name : names) {
            Bot bot = new Bot(members.size() + 7, 30, false);
            ConcurrentLinkedQueue<ServerMessage> received = new ConcurrentLinkedQueue<>();
            ConnectionOptions options = ConnectionOptions.of(host, port, token, name, ClientKind.CLIENT_KIND_BOT)
                    .withInputRate(30).withTrust(ensemble.server.testing.TestTls.TRUST);
            ServerConnection connection = ServerConnection.connect(group, options, new ConnectionListener() {
                @Override
                public void onWelcome(Welcome welcome) {
                    bot.onWelcome(welcome);
                }

                @Override
                public void onMessage(ServerMessage message) {
                    if (received.size() < 10_000) {
                        received.add(message);
                    }
                    bot.onMessage(message);
                }
            });
            bot.attach(connection);
            members.add(new Member(name, bot, connection, received));
            welcomes.add(connection.welcomed());
        }
        CompletableFuture.allOf(welcomes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return List.copyOf(members);
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    /** True when every bot received a message {@code what} accepts. */
    public boolean allGot(Predicate<ServerMessage> what) {
        return !members.isEmpty() && members.stream().allMatch(m -> m.got(what));
    }

    @Override
    public void close() {
        for (Member m : members) {
            m.connection().close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
