package ensemble.server.cli;

import ensemble.server.EnsembleServer;
import ensemble.server.Limits;
import ensemble.server.SecretFiles;
import ensemble.server.ServerConfig;
import ensemble.server.ServerConfig.RedisBinary;
import ensemble.server.store.Redacted;
import ensemble.server.store.RedisTarget;
import java.io.IOException;
import ensemble.server.tls.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ensemble serve}: runs one server node until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the server: control TCP + state UDP, HTTP console and API, Redis (embedded unless --redis).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--bind", defaultValue = "${env:ENSEMBLE_BIND:-0.0.0.0}",
            description = "Address to listen on (env ENSEMBLE_BIND, default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "${env:ENSEMBLE_PORT:-7777}",
            description = "Control (TCP) and state (UDP) port (env ENSEMBLE_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--http-port", defaultValue = "${env:ENSEMBLE_HTTP_PORT:-8080}",
            description = "Console and API port (env ENSEMBLE_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--public-host", defaultValue = "${env:ENSEMBLE_PUBLIC_HOST:-127.0.0.1}",
            description = "Host name clients are told to reach this node at (env ENSEMBLE_PUBLIC_HOST, default ${DEFAULT-VALUE}).")
    String publicHost;

    // A String, not a URI: picocli would echo a URL it cannot parse, password included.
    @Option(names = "--redis", defaultValue = "${env:ENSEMBLE_REDIS_URL}",
            description = "Redis URL, redis://host:port (env ENSEMBLE_REDIS_URL). Without it an embedded redis-server is started.")
    String redis;

    @Option(names = "--redis-password-file", defaultValue = "${env:ENSEMBLE_REDIS_PASSWORD_FILE}",
            description = "File holding the password of the --redis server (env ENSEMBLE_REDIS_PASSWORD_FILE; or env ENSEMBLE_REDIS_PASSWORD).")
    Path redisPasswordFile;

    @Option(names = "--redis-binary", defaultValue = "${env:ENSEMBLE_REDIS_BINARY:-AUTO}",
            description = "Embedded Redis binary: AUTO (PATH, else shipped), PATH or SHIPPED (env ENSEMBLE_REDIS_BINARY).")
    RedisBinary redisBinary;

    @Option(names = "--scenarios", defaultValue = "${env:ENSEMBLE_SCENARIOS:-scenarios/catalog}",
            description = "Scenario directory, watched for changes (env ENSEMBLE_SCENARIOS, default ${DEFAULT-VALUE}).")
    Path scenarios;

    @Option(names = "--node-id", defaultValue = "${env:ENSEMBLE_NODE_ID:-node-1}",
            description = "This node's id (env ENSEMBLE_NODE_ID, default ${DEFAULT-VALUE}).")
    String nodeId;

    @Option(names = "--data-dir", defaultValue = "${env:ENSEMBLE_DATA_DIR:-.ensemble}",
            description = "Local data directory (env ENSEMBLE_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--tick-rate", defaultValue = "${env:ENSEMBLE_TICK_RATE:-60}",
            description = "Simulation ticks per second (env ENSEMBLE_TICK_RATE, default ${DEFAULT-VALUE}).")
    int tickRate;

    @Option(names = "--snapshot-rate", defaultValue = "${env:ENSEMBLE_SNAPSHOT_RATE:-60}",
            description = "Snapshots per second per client (env ENSEMBLE_SNAPSHOT_RATE, default ${DEFAULT-VALUE}).")
    int snapshotRate;

    @Option(names = "--interest-radius", defaultValue = "${env:ENSEMBLE_INTEREST_RADIUS:-40}",
            description = "Metres around a participant's head within which objects are sent to it (env ENSEMBLE_INTEREST_RADIUS, default ${DEFAULT-VALUE}).")
    float interestRadius;

    @Option(names = "--snapshot-budget", defaultValue = "${env:ENSEMBLE_SNAPSHOT_BUDGET:-1103}",
            description = "Largest snapshot payload in bytes; past it the most urgent changes go first (env ENSEMBLE_SNAPSHOT_BUDGET, default ${DEFAULT-VALUE}).")
    int snapshotBudget;

    @Option(names = "--tick-threads", defaultValue = "${env:ENSEMBLE_TICK_THREADS:-0}",
            description = "Threads that tick sessions (env ENSEMBLE_TICK_THREADS; 0 = one per core).")
    int tickThreads;

    @Option(names = "--max-spectators", defaultValue = "${env:ENSEMBLE_MAX_SPECTATORS:-16}",
            description = "Spectators one session admits at most (env ENSEMBLE_MAX_SPECTATORS, default ${DEFAULT-VALUE}).")
    int maxSpectators;

    @Option(names = "--secret", defaultValue = "${env:ENSEMBLE_SECRET}",
            description = "Key that signs join tokens, 32+ bytes (env ENSEMBLE_SECRET; prefer --secret-file). Without it a random key is made per start.")
    String secret;

    @Option(names = "--secret-file", defaultValue = "${env:ENSEMBLE_SECRET_FILE}",
            description = "File holding the token-signing key, 32+ bytes on one line (env ENSEMBLE_SECRET_FILE).")
    Path secretFile;

    @Option(names = "--console-user", defaultValue = "${env:ENSEMBLE_CONSOLE_USER:-facilitator}",
            description = "Facilitator user name for the console and API (env ENSEMBLE_CONSOLE_USER, default ${DEFAULT-VALUE}).")
    String consoleUser;

    @Option(names = "--console-password", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD}",
            description = "Facilitator password (env ENSEMBLE_CONSOLE_PASSWORD; prefer --console-password-file). Without either, one is "
                    + "generated per start and written to DATA_DIR/" + CONSOLE_PASSWORD_FILE + " (mode 0600).")
    String consolePassword;

    @Option(names = "--console-password-file", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD_FILE}",
            description = "File holding the facilitator password (env ENSEMBLE_CONSOLE_PASSWORD_FILE).")
    Path consolePasswordFile;

    /** Where a generated console password is written, relative to the data directory. */
    public static final String CONSOLE_PASSWORD_FILE = "console-password";

    /** Set when this start generated the console password: the file it is in. */
    private Path generatedPasswordFile;

    @Option(names = "--lrs-endpoint", defaultValue = "${env:ENSEMBLE_LRS_ENDPOINT}",
            description = "xAPI LRS base URL, e.g. https://lrs.example/xapi/ (env ENSEMBLE_LRS_ENDPOINT). Without it no statements are sent.")
    URI lrsEndpoint;

    @Option(names = "--lrs-user", defaultValue = "${env:ENSEMBLE_LRS_USER}",
            description = "LRS Basic auth user (env ENSEMBLE_LRS_USER).")
    String lrsUser;

    @Option(names = "--lrs-password", defaultValue = "${env:ENSEMBLE_LRS_PASSWORD}",
            description = "LRS Basic auth password (env ENSEMBLE_LRS_PASSWORD).")
    String lrsPassword;

    @Option(names = "--lrs-batch-size", defaultValue = "${env:ENSEMBLE_LRS_BATCH_SIZE:-50}",
            description = "Statements per POST to the LRS (env ENSEMBLE_LRS_BATCH_SIZE, default ${DEFAULT-VALUE}).")
    int lrsBatchSize;

    @Option(names = "--xapi-actor-key", defaultValue = "${env:ENSEMBLE_XAPI_ACTOR_KEY}",
            description = "HMAC key for pseudonymous xAPI actors, 16+ characters (env ENSEMBLE_XAPI_ACTOR_KEY). Without it the token secret is used.")
    String xapiActorKey;

    @Option(names = "--handshake-timeout", defaultValue = "${env:ENSEMBLE_HANDSHAKE_TIMEOUT:-10}",
            description = "Seconds a control connection has to complete its Hello (TLS included) (env ENSEMBLE_HANDSHAKE_TIMEOUT, default ${DEFAULT-VALUE}).")
    int handshakeTimeout;

    @Option(names = "--http-request-timeout", defaultValue = "${env:ENSEMBLE_HTTP_REQUEST_TIMEOUT:-10}",
            description = "Seconds an HTTP request may take to arrive whole (env ENSEMBLE_HTTP_REQUEST_TIMEOUT, default ${DEFAULT-VALUE}).")
    int httpRequestTimeout;

    @Option(names = "--http-idle-timeout", defaultValue = "${env:ENSEMBLE_HTTP_IDLE_TIMEOUT:-60}",
            description = "Seconds an HTTP connection may sit with no request in progress (env ENSEMBLE_HTTP_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
    int httpIdleTimeout;

    @Option(names = "--max-body", defaultValue = "${env:ENSEMBLE_MAX_BODY:-65536}",
            description = "Largest HTTP request body in bytes, before login and on every JSON route (env ENSEMBLE_MAX_BODY, default ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--max-upload", defaultValue = "${env:ENSEMBLE_MAX_UPLOAD:-16777216}",
            description = "Largest upload in bytes (recording import, facilitators only) (env ENSEMBLE_MAX_UPLOAD, default ${DEFAULT-VALUE}).")
    int maxUpload;

    @Option(names = "--http-connections-per-ip", defaultValue = "${env:ENSEMBLE_HTTP_CONNECTIONS_PER_IP:-64}",
            description = "Open HTTP connections per client address; 0 = no cap (env ENSEMBLE_HTTP_CONNECTIONS_PER_IP, default ${DEFAULT-VALUE}).")
    int httpConnectionsPerIp;

    @Option(names = "--control-connections-per-ip", defaultValue = "${env:ENSEMBLE_CONTROL_CONNECTIONS_PER_IP:-1024}",
            description = "Open control (TCP) connections per client address; 0 = no cap (env ENSEMBLE_CONTROL_CONNECTIONS_PER_IP, default ${DEFAULT-VALUE}).")
    int controlConnectionsPerIp;

    @Option(names = "--login-free-attempts", defaultValue = "${env:ENSEMBLE_LOGIN_FREE_ATTEMPTS:-5}",
            description = "Failed logins per address and per user before the backoff starts (env ENSEMBLE_LOGIN_FREE_ATTEMPTS, default ${DEFAULT-VALUE}).")
    int loginFreeAttempts;

    @Option(names = "--login-backoff-max", defaultValue = "${env:ENSEMBLE_LOGIN_BACKOFF_MAX:-300}",
            description = "Longest login backoff in seconds; it starts at 1 s and doubles (env ENSEMBLE_LOGIN_BACKOFF_MAX, default ${DEFAULT-VALUE}).")
    int loginBackoffMax;

    @Option(names = "--metrics-token", defaultValue = "${env:ENSEMBLE_METRICS_TOKEN}",
            description = "Bearer token that may read /metrics, 16+ characters (env ENSEMBLE_METRICS_TOKEN). Without it only facilitators may.")
    String metricsToken;

    @Option(names = "--metrics-token-file", defaultValue = "${env:ENSEMBLE_METRICS_TOKEN_FILE}",
            description = "File holding the metrics token (env ENSEMBLE_METRICS_TOKEN_FILE); keeps it out of `ps`.")
    Path metricsTokenFile;

    @Option(names = "--tls-cert", defaultValue = "${env:ENSEMBLE_TLS_CERT}",
            description = "PEM certificate chain, leaf first (env ENSEMBLE_TLS_CERT). Without it a self-signed one is"
                    + " made in the data directory. Renewed files are picked up without a restart.")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:ENSEMBLE_TLS_KEY}",
            description = "PEM private key of --tls-cert, unencrypted, mode 0600 (env ENSEMBLE_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--no-tls", defaultValue = "${env:ENSEMBLE_NO_TLS:-false}",
            description = "Plain TCP and HTTP, for benchmarks on a trusted machine ONLY: tokens and passwords travel"
                    + " in clear text (env ENSEMBLE_NO_TLS).")
    boolean noTls;

    private TlsSettings tls() {
        if (noTls) {
            if (tlsCert != null || tlsKey != null) {
                throw new IllegalArgumentException("--no-tls cannot be combined with --tls-cert/--tls-key");
            }
            return TlsSettings.off();
        }
        if (tlsCert == null && tlsKey == null) {
            return TlsSettings.selfSigned();
        }
        return TlsSettings.files(tlsCert, tlsKey);
    }

    private Limits limits() {
        return Limits.DEFAULTS
                .withHttpTimeouts(Duration.ofSeconds(httpRequestTimeout), Duration.ofSeconds(httpIdleTimeout))
                .withBodyLimits(maxBody, maxUpload)
                .withConnectionsPerIp(httpConnectionsPerIp, controlConnectionsPerIp)
                .withLoginBackoff(loginFreeAttempts, Limits.DEFAULTS.loginBackoffBase(), Duration.ofSeconds(loginBackoffMax));
    }

    private ServerConfig configure() throws IOException {
        String signingSecret = oneOf("--secret", secret, "--secret-file", secretFile);
        if (signingSecret != null) {
            ensemble.server.session.TokenSigner.requireSecret(signingSecret);
        }
        URI redisUri = redisUrl();
        String password = oneOf("--console-password", consolePassword, "--console-password-file", consolePasswordFile);
        boolean generated = password == null;
        if (generated) {
            password = ensemble.server.http.ConsoleAuth.generatePassword();
        }
        ServerConfig defaults = ServerConfig.defaults(Path.of(""));
        ServerConfig config = defaults.toBuilder()
                .timeouts(Duration.ofSeconds(handshakeTimeout), defaults.idleTimeout())
                .limits(limits()).metricsToken(oneOf("--metrics-token", metricsToken, "--metrics-token-file", metricsTokenFile))
                .bindHost(bind).ports(port, httpPort).publicHost(publicHost).redis(redisUri, redisBinary)
                .scenarioDir(scenarios).nodeId(nodeId).dataDir(dataDir).rates(tickRate, snapshotRate)
                .interestRadius(interestRadius).snapshotBudgetBytes(snapshotBudget)
                .tickThreads(tickThreads > 0 ? tickThreads : Math.max(1, Runtime.getRuntime().availableProcessors()))
                .secret(signingSecret != null ? signingSecret : randomSecret()).console(consoleUser, password)
                .joinLimits(ServerConfig.JoinLimits.DEFAULTS.withMaxSpectators(maxSpectators))
                .lrs(ensemble.server.xapi.LrsSettings.NONE.withEndpoint(lrsEndpoint, lrsUser, lrsPassword)
                        .withBatchSize(lrsBatchSize).withActorKey(xapiActorKey))
                .tls(tls())
                .build();
        // Written only once every option is known good: a refused start leaves no file behind.
        if (generated) {
            Files.createDirectories(dataDir);
            generatedPasswordFile = SecretFiles.writeOwnerOnly(dataDir.resolve(CONSOLE_PASSWORD_FILE), password + "\n");
        }
        return config;
    }

    /** The value given inline or in a file; both at once is a mistake worth a clear error. */
    private static String oneOf(String inlineName, String inline, String fileName, Path file) {
        if (inline != null && file != null) {
            throw new IllegalArgumentException("give " + inlineName + " or " + fileName + ", not both");
        }
        return file != null ? SecretFiles.read(fileName, file) : inline;
    }

    /** The Redis URL with the password of --redis-password-file (or ENSEMBLE_REDIS_PASSWORD) put in. */
    private URI redisUrl() {
        String password = oneOf("ENSEMBLE_REDIS_PASSWORD", System.getenv("ENSEMBLE_REDIS_PASSWORD"),
                "--redis-password-file", redisPasswordFile);
        if (redis == null || redis.isBlank()) {
            if (password != null) {
                throw new IllegalArgumentException("a Redis password is given but no --redis URL; the embedded Redis makes its own");
            }
            return null;
        }
        String url = redis.strip();
        RedisTarget.parse(url); // says what is wrong with a bad URL, password masked
        if (password != null) {
            url = withPassword(url, password);
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redis URL '" + Redacted.url(url) + "' is not a valid URI: " + e.getReason());
        }
    }

    /** {@code url} with {@code password} in its user-info part (URL-encoded), keeping a user name if it has one. */
    static String withPassword(String url, String password) {
        int start = url.indexOf("://") + 3;
        int at = url.lastIndexOf('@');
        String user = "";
        if (at >= start) {
            String userInfo = url.substring(start, at);
            int colon = userInfo.indexOf(':');
            if (colon < 0 || colon < userInfo.length() - 1) {
                throw new IllegalArgumentException("Redis URL '" + Redacted.url(url)
                        + "' already holds a password; give it in the URL or in the password file, not both");
            }
            user = userInfo.substring(0, colon);
        }
        String rest = at >= start ? url.substring(at + 1) : url.substring(start);
        return url.substring(0, start) + user + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@" + rest;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = configure();
        } catch (IllegalArgumentException | IOException e) {
            // An option out of range: say which, without a stack trace.
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        EnsembleServer server = EnsembleServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        String host = "0.0.0.0".equals(bind) ? "localhost" : bind;
        String web = server.tls().enabled() ? "https" : "http";
        System.out.printf("%nEnsemble is running (node %s).%n", nodeId);
        System.out.printf("  clients connect to  %s:%d  (TCP control + UDP state)%n", host, server.controlPort());
        if (server.tls().enabled()) {
            System.out.printf("  TLS 1.3 certificate %s%n", server.tls().files().certFile().toAbsolutePath());
            System.out.printf("  certificate pin     %s  (join links carry it; clients: --pin)%n", server.tls().pin());
        } else {
            System.out.printf("  TLS                 OFF (--no-tls): FOR BENCHMARKS ONLY, tokens and passwords travel in"
                    + " clear text%n");
        }
        System.out.printf("  console             %s://%s:%d/%n", web, host, server.httpPort());
        System.out.printf("  console login       %s / %s%n", consoleUser, generatedPasswordFile != null
                ? "password in " + generatedPasswordFile + "  (generated for this start; set --console-password-file)"
                : "(configured password)");
        System.out.printf("  health, metrics     %s://%s:%d/healthz  %s://%s:%d/metrics (%s)%n", web, host,
                server.httpPort(), web, host, server.httpPort(),
                config.metricsToken() != null ? "metrics token or facilitator" : "facilitator login");
        System.out.printf("  redis               %s%n", server.embeddedRedis() != null
                ? "embedded " + server.embeddedRedis().binary() + " (" + server.embeddedRedis().origin() + ") at "
                        + Redacted.url(server.redisUrl())
                : Redacted.url(server.redisUrl()));
        System.out.printf("Press Ctrl-C to stop.%n%n");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

}
