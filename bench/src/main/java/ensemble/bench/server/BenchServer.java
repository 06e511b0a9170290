package ensemble.bench.server;

import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.server.world.Scene;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server half of the benchmark, run in its own JVM by {@link ServerProcess}: a real
 * {@link EnsembleServer} on loopback (embedded Redis, ephemeral ports) plus the entity movers of
 * the workloads.
 *
 * <p>Line protocol on stdin/stdout, one command per line, each answered with one line:
 * <pre>
 * ready control=PORT http=PORT pid=PID pin=PIN   (printed once at start; PIN: the TLS certificate's)
 * session ID ENTITIES CAPACITY → token T     (a test room; T is a join token of its trainee role)
 * move SESSION FRACTION   → ok               (start moving that share of the session's entities)
 * moves                   → moves N          (entity moves applied so far, all sessions)
 * quit                    → bye              (then the JVM exits)
 * </pre>
 * Sessions are created in-process ({@link SessionRegistry#create}, the call behind
 * {@code POST /api/sessions}) so the benchmark does not depend on the console's login.
 */
public final class BenchServer {
    private static final long TOKEN_TTL_SECONDS = 3600;
    /** Environment variable through which {@link ServerProcess} hands over the token that reads /metrics. */
    public static final String METRICS_TOKEN_ENV = "ENSEMBLE_METRICS_TOKEN";

    private BenchServer() {
    }

    /** Arguments: {@code TICK_THREADS}. */
    public static void main(String[] args) throws Exception {
        int tickThreads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        Path dataDir = Files.createTempDirectory("ensemble-bench-server");
        // Every bot connects from loopback: no per-address cap on the control channel here.
        ServerConfig config = ServerConfig.forTests(dataDir).toBuilder().tickThreads(tickThreads)
                .secret("bench-secret-0123456789abcdef-0123456789-" + ProcessHandle.current().pid())
                .limits(ServerConfig.forTests(dataDir).limits().withConnectionsPerIp(64, 0))
                .metricsToken(System.getenv(METRICS_TOKEN_ENV)).build();
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-mover");
            t.setDaemon(true);
            return t;
        });
        Map<String, EntityMover> movers = new ConcurrentHashMap<>();
        try (EnsembleServer server = EnsembleServer.start(config)) {
            long periodMicros = 1_000_000L / config.tickRate();
            // One task per tick period and session; each mover places its entities from the tick
            // number, so a late or doubled task never makes anything jump.
            driver.scheduleAtFixedRate(() -> {
                for (EntityMover mover : movers.values()) {
                    mover.session().submit(mover);
                }
            }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
            // TLS is on as in production: the clients pin the server's certificate.
            System.out.printf("ready control=%d http=%d pid=%d pin=%s%n", server.controlPort(), server.httpPort(),
                    ProcessHandle.current().pid(), server.tls().pin());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "session" -> {
                        Session session = server.sessions().create(
                                Scene.testRoom(Integer.parseInt(words[2]), Integer.parseInt(words[3])), words[1]);
                        System.out.println("token " + server.sessions().context().signer().join(session.id(), session.generation(), "trainee",
                                TokenSigner.Kind.PARTICIPANT, TOKEN_TTL_SECONDS));
                    }
                    case "move" -> {
                        Session session = server.sessions().find(words[1]);
                        if (session == null) {
                            System.out.println("error no session " + words[1]);
                        } else {
                            movers.put(session.id(), new EntityMover(session, Float.parseFloat(words[2])));
                            System.out.println("ok");
                        }
                    }
                    case "moves" -> {
                        long total = 0;
                        for (EntityMover mover : movers.values()) {
                            total += mover.moves();
                        }
                        System.out.println("moves " + total);
                    }
                    case "quit" -> {
                        System.out.println("bye");
                        System.out.flush();
                        driver.shutdownNow();
                        return;
                    }
                    default -> System.out.println("error unknown command " + words[0]);
                }
                System.out.flush();
            }
        } finally {
            driver.shutdownNow();
        }
    }
}
