package ensemble.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.client.bot.BotSwarm;
import ensemble.client.net.ConnectionOptions;
import ensemble.v1.ClientKind;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ensemble bots}: headless bots that join a session and behave like a team. */
@Command(name = "bots", mixinStandardHelpOptions = true,
        description = "Start headless bots in a session; each walks, looks around, grabs and carries things, and chats.")
public final class BotsCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, description = "Server control endpoint HOST:PORT.")
    String server;

    @Option(names = "--session", required = true, description = "Session id.")
    String session;

    @Option(names = "--count", defaultValue = "4", description = "Number of bots (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seconds", defaultValue = "0", description = "Run this long, then print a summary and leave (0 = until Ctrl-C).")
    int seconds;

    @Option(names = "--role", description = "Role to join as (default: the scenario's first role).")
    String role;

    @Option(names = "--token", description = "Join token; without it one is requested from the API.")
    String token;

    @Option(names = "--api", description = "Server HTTP API base URL (default http://HOST:8080).")
    String api;

    @Option(names = "--user", defaultValue = "${env:ENSEMBLE_CONSOLE_USER:-facilitator}",
            description = "Facilitator user for the API when no --token is given (env ENSEMBLE_CONSOLE_USER, default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD}",
            description = "Facilitator password for the API when no --token is given (env ENSEMBLE_CONSOLE_PASSWORD).")
    String password;

    @Option(names = "--password-file", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD_FILE:-.ensemble/console-password}",
            description = "File holding the facilitator password, read when no --password is given (env "
                    + "ENSEMBLE_CONSOLE_PASSWORD_FILE, default ${DEFAULT-VALUE}: what a local `serve` writes).")
    java.nio.file.Path passwordFile;

    @Option(names = "--input-rate", defaultValue = "60", description = "Inputs per second per bot (default ${DEFAULT-VALUE}).")
    int inputRate;

    @Option(names = "--tcp-only", description = "Do not use the UDP state channel.")
    boolean tcpOnly;

    @Option(names = "--loss", defaultValue = "0", description = "Drop this share of state datagrams on purpose (0..0.5).")
    double loss;

    @Option(names = "--quiet", description = "Bots do not chat.")
    boolean quiet;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            System.err.println("error: --server must be HOST:PORT, was " + server);
            return 2;
        }
        String host = server.substring(0, colon);
        int port = Integer.parseInt(server.substring(colon + 1));
        String joinToken = token != null ? token : requestToken(api != null ? api : "http://" + host + ":8080");
        ConnectionOptions template = ConnectionOptions.of(host, port, joinToken, "bot", ClientKind.CLIENT_KIND_BOT)
                .withUdp(!tcpOnly).withLoss(loss).withInputRate(inputRate);
        try (BotSwarm swarm = new BotSwarm(Math.min(4, Math.max(1, count / 16 + 1)))) {
            swarm.start(host, port, joinToken, count, template, !quiet, seed);
            System.err.printf("%d bots joined session %s%n", count, session);
            if (seconds > 0) {
                Thread.sleep(seconds * 1000L);
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> print(swarm.summary())));
                Thread.currentThread().join();
            }
            print(swarm.summary());
        }
        return 0;
    }

    private void print(Map<String, Object> summary) {
        if (json) {
            try {
                System.out.println(new ObjectMapper().writeValueAsString(summary));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        System.out.println("bots summary");
        summary.forEach((k, v) -> System.out.printf("  %-26s %s%n", k, v));
    }

    private String requestToken(String apiBase) throws Exception {
        return ensemble.client.net.JoinTokens.request(apiBase, session, role, user,
                ensemble.client.net.JoinTokens.password(password, passwordFile));
    }
}
