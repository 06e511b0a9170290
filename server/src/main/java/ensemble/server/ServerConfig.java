package ensemble.server;

import ensemble.proto.Protocol;
import ensemble.server.tls.TlsSettings;
import ensemble.server.xapi.LrsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every tunable of the server, in one place. Built by the {@code serve} command from options and
 * environment variables, and by tests through {@link #forTests(Path)} and {@link #toBuilder()}.
 *
 * @param bindHost          address the control, state and HTTP listeners bind to
 * @param port              control (TCP) and state (UDP) port; 0 picks a free one
 * @param httpPort          console and API port; 0 picks a free one
 * @param publicHost        host name clients are told to use for the UDP state channel
 * @param redisUrl          external Redis ({@code redis://host:port}); null starts an embedded one
 * @param redisBinary       where the embedded Redis comes from
 * @param scenarioDir       directory of scenario folders, watched for changes
 * @param nodeId            this node's name in the session directory and leases
 * @param dataDir           local data (embedded Redis files)
 * @param tickRate          simulation ticks per second per session
 * @param snapshotRate      snapshots sent per second per client (divides tickRate best)
 * @param tickThreads       threads that tick sessions (each session stays on one)
 * @param maxFrameBytes     largest control frame accepted
 * @param handshakeTimeout  time a new connection has to send a valid Hello
 * @param idleTimeout       a joined connection silent this long is closed
 * @param resumeGrace       how long a dropped participant is kept for a resume
 * @param interestRadiusM   objects farther than this from a participant's head are not sent to it
 * @param snapshotBudgetBytes largest snapshot payload; past it the priority accumulator chooses
 * @param secret            key that signs join and resume tokens
 * @param consoleUser       facilitator user name for the console and API
 * @param consolePassword   facilitator password; null makes the server generate one at start-up
 * @param lrs               xAPI: the Learning Record Store statements are sent to (none by default),
 *                          batch size, backoff, the key of pseudonymous actors
 * @param limits            timeouts, body sizes, connection caps and login backoff of the listeners
 * @param metricsToken      bearer token that may read {@code /metrics}; null leaves it to facilitators
 * @param tls               TLS of the control and HTTP listeners: self-signed in the data directory
 *                          (default), given PEM files, or off (benchmarks only)
 * @param joinLimits        spectators per session, handshake and join rates
 */
public record ServerConfig(
        String bindHost,
        int port,
        int httpPort,
        String publicHost,
        URI redisUrl,
        RedisBinary redisBinary,
        Path scenarioDir,
        String nodeId,
        Path dataDir,
        int tickRate,
        int snapshotRate,
        int tickThreads,
        int maxFrameBytes,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration resumeGrace,
        float interestRadiusM,
        int snapshotBudgetBytes,
        String secret,
        String consoleUser,
        String consolePassword,
        LrsSettings lrs,
        Limits limits,
        String metricsToken,
        TlsSettings tls,
        JoinLimits joinLimits) {

    /** The console password {@link #forTests(Path)} configures, so test helpers can log in. */
    public static final String TEST_CONSOLE_PASSWORD = "test-console-password";

    /** Where an embedded Redis comes from. */
    public enum RedisBinary {
        /** {@code redis-server} on PATH if there is one, else the binary shipped in a Maven artifact. */
        AUTO,
        /** Only {@code redis-server} on PATH. */
        PATH,
        /** Only the binary shipped in the Maven artifact. */
        SHIPPED
    }

    public static final int MAX_TICK_RATE = 240;
    /**
     * Largest snapshot payload, in bytes: what a sealed datagram holds
     * ({@link ensemble.proto.datagram.SealedDatagram#MAX_PAYLOAD_BYTES}) less room for the
     * Snapshot's other fields (ticks, times, lengths: at most 57 bytes).
     */
    public static final int MAX_SNAPSHOT_BUDGET_BYTES = ensemble.proto.datagram.SealedDatagram.MAX_PAYLOAD_BYTES - 64;

    /**
     * Who may come in, and how fast.
     *
     * @param maxSpectators          spectators one session admits at most
     * @param handshakeBurstPerIp    Hellos one IP address may send at once
     * @param handshakesPerSecondPerIp Hellos per second one IP address may send after the burst
     * @param joinBurstPerLink       joins (and resumes, per participant) one link may make at once
     * @param joinsPerSecondPerLink  joins per second per link after the burst
     */
    public record JoinLimits(int maxSpectators, int handshakeBurstPerIp, int handshakesPerSecondPerIp,
                             int joinBurstPerLink, int joinsPerSecondPerLink) {
        /** A classroom behind one NAT joins at once; a script trying tokens does not get far. */
        public static final JoinLimits DEFAULTS = new JoinLimits(16, 40, 10, 40, 10);

        public JoinLimits {
            if (maxSpectators < 0 || maxSpectators > ensemble.server.session.Session.MAX_PARTICIPANTS) {
                throw new IllegalArgumentException("spectator cap must be 0.." + ensemble.server.session.Session.MAX_PARTICIPANTS
                        + ", was " + maxSpectators);
            }
            if (handshakeBurstPerIp < 1 || handshakesPerSecondPerIp < 1 || joinBurstPerLink < 1 || joinsPerSecondPerLink < 1) {
                throw new IllegalArgumentException("handshake and join rates must be at least 1");
            }
        }

        public JoinLimits withMaxSpectators(int value) {
            return new JoinLimits(value, handshakeBurstPerIp, handshakesPerSecondPerIp, joinBurstPerLink, joinsPerSecondPerLink);
        }
    }

    public ServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(publicHost, "publicHost");
        Objects.requireNonNull(redisBinary, "redisBinary");
        Objects.requireNonNull(scenarioDir, "scenarioDir");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(resumeGrace, "resumeGrace");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(consoleUser, "consoleUser");
        Objects.requireNonNull(lrs, "lrs");
        Objects.requireNonNull(limits, "limits");
        if (metricsToken != null && (metricsToken.length() < 16 || metricsToken.length() > 256
                || !metricsToken.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("the metrics token must be 16-256 printable ASCII characters without spaces");
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(joinLimits, "joinLimits");
        if (consoleUser.isBlank() || consoleUser.length() > 64 || consoleUser.contains(":")) {
            throw new IllegalArgumentException("the console user must be 1-64 characters without ':'");
        }
        if (consolePassword != null && consolePassword.length() < 8) {
            throw new IllegalArgumentException("the console password must be at least 8 characters");
        }
        requirePort("port", port);
        requirePort("httpPort", httpPort);
        if (tickRate < 1 || tickRate > MAX_TICK_RATE) {
            throw new IllegalArgumentException("tick rate must be 1.." + MAX_TICK_RATE + " Hz, was " + tickRate);
        }
        if (snapshotRate < 1 || snapshotRate > tickRate) {
            throw new IllegalArgumentException("snapshot rate must be 1..tick rate (" + tickRate + "), was " + snapshotRate);
        }
        if (tickThreads < 1 || tickThreads > 64) {
            throw new IllegalArgumentException("tick threads must be 1..64, was " + tickThreads);
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("max frame size must be 1 KiB..16 MiB, was " + maxFrameBytes);
        }
        if (!(interestRadiusM > 0)) {
            throw new IllegalArgumentException("interest radius must be positive, was " + interestRadiusM);
        }
        if (snapshotBudgetBytes < 200 || snapshotBudgetBytes > MAX_SNAPSHOT_BUDGET_BYTES) {
            throw new IllegalArgumentException("snapshot budget must be 200.." + MAX_SNAPSHOT_BUDGET_BYTES
                    + " bytes, was " + snapshotBudgetBytes);
        }
        ensemble.server.session.TokenSigner.requireSecret(secret);
        if (redisUrl != null) {
            // Standalone, Sentinel or Cluster; the parser says exactly what is wrong with a bad URL.
            ensemble.server.store.RedisTarget.parse(redisUrl.toString());
        }
    }

    /** Secrets masked: a configuration may be logged, its keys and passwords never are. */
    @Override
    public String toString() {
        return "ServerConfig[bind=" + bindHost + ", port=" + port + ", httpPort=" + httpPort + ", publicHost=" + publicHost
                + ", redis=" + (redisUrl == null ? "embedded" : ensemble.server.store.Redacted.url(redisUrl))
                + ", node=" + nodeId + ", dataDir=" + dataDir + ", tickRate=" + tickRate + ", secret=***, consoleUser="
                + consoleUser + ", consolePassword=" + (consolePassword == null ? "generated" : "***") + "]";
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + value);
        }
    }

    /** Defaults for a developer machine; ports from {@link Protocol}. */
    public static ServerConfig defaults(Path workDir) {
        return new ServerConfig("0.0.0.0", Protocol.DEFAULT_PORT, Protocol.DEFAULT_HTTP_PORT, "127.0.0.1",
                null, RedisBinary.AUTO, workDir.resolve("scenarios/catalog"), "node-1",
                workDir.resolve(".ensemble"), 60, 60, Math.max(1, Runtime.getRuntime().availableProcessors()),
                Protocol.MAX_FRAME_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                40f, MAX_SNAPSHOT_BUDGET_BYTES, "dev-secret-change-me-0123456789abcdef",
                "facilitator", null, LrsSettings.NONE, Limits.DEFAULTS, null, TlsSettings.selfSigned(),
                JoinLimits.DEFAULTS);
    }

    /**
     * Loopback, ephemeral ports, embedded Redis under {@code dataDir}, TLS with the JVM's
     * {@linkplain TlsSettings#testIdentity() test certificate}.
     */
    public static ServerConfig forTests(Path dataDir) {
        return defaults(dataDir).toBuilder().bindHost("127.0.0.1").ports(0, 0).dataDir(dataDir)
                .console("facilitator", TEST_CONSOLE_PASSWORD).tls(TlsSettings.testIdentity()).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some fields of a configuration; {@link #build()} validates the result. */
    public static final class Builder {
        private String bindHost;
        private int port;
        private int httpPort;
        private String publicHost;
        private URI redisUrl;
        private RedisBinary redisBinary;
        private Path scenarioDir;
        private String nodeId;
        private Path dataDir;
        private int tickRate;
        private int snapshotRate;
        private int tickThreads;
        private int maxFrameBytes;
        private Duration handshakeTimeout;
        private Duration idleTimeout;
        private Duration resumeGrace;
        private float interestRadiusM;
        private int snapshotBudgetBytes;
        private String secret;
        private String consoleUser;
        private String consolePassword;
        private LrsSettings lrs;
        private Limits limits;
        private String metricsToken;
        private TlsSettings tls;
        private JoinLimits joinLimits;

        private Builder(ServerConfig c) {
            bindHost = c.bindHost;
            port = c.port;
            httpPort = c.httpPort;
            publicHost = c.publicHost;
            redisUrl = c.redisUrl;
            redisBinary = c.redisBinary;
            scenarioDir = c.scenarioDir;
            nodeId = c.nodeId;
            dataDir = c.dataDir;
            tickRate = c.tickRate;
            snapshotRate = c.snapshotRate;
            tickThreads = c.tickThreads;
            maxFrameBytes = c.maxFrameBytes;
            handshakeTimeout = c.handshakeTimeout;
            idleTimeout = c.idleTimeout;
            resumeGrace = c.resumeGrace;
            interestRadiusM = c.interestRadiusM;
            snapshotBudgetBytes = c.snapshotBudgetBytes;
            secret = c.secret;
            consoleUser = c.consoleUser;
            consolePassword = c.consolePassword;
            lrs = c.lrs;
            limits = c.limits;
            metricsToken = c.metricsToken;
            tls = c.tls;
            joinLimits = c.joinLimits;
        }

        public Builder bindHost(String value) {
            bindHost = value;
            return this;
        }

        public Builder ports(int control, int http) {
            port = control;
            httpPort = http;
            return this;
        }

        public Builder publicHost(String value) {
            publicHost = value;
            return this;
        }

        public Builder redis(URI url, RedisBinary binary) {
            redisUrl = url;
            redisBinary = binary;
            return this;
        }

        public Builder scenarioDir(Path value) {
            scenarioDir = value;
            return this;
        }

        public Builder nodeId(String value) {
            nodeId = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder rates(int ticks, int snapshots) {
            tickRate = ticks;
            snapshotRate = snapshots;
            return this;
        }

        public Builder tickThreads(int value) {
            tickThreads = value;
            return this;
        }

        public Builder maxFrameBytes(int value) {
            maxFrameBytes = value;
            return this;
        }

        public Builder timeouts(Duration handshake, Duration idle) {
            handshakeTimeout = handshake;
            idleTimeout = idle;
            return this;
        }

        public Builder resumeGrace(Duration value) {
            resumeGrace = value;
            return this;
        }

        public Builder interestRadius(float metres) {
            interestRadiusM = metres;
            return this;
        }

        public Builder snapshotBudgetBytes(int value) {
            snapshotBudgetBytes = value;
            return this;
        }

        public Builder secret(String value) {
            secret = value;
            return this;
        }

        /** Facilitator credentials; a null password makes the server generate one at start-up. */
        public Builder console(String user, String password) {
            consoleUser = user;
            consolePassword = password;
            return this;
        }

        /** Where xAPI statements go; {@link LrsSettings#NONE} sends none. */
        public Builder lrs(LrsSettings value) {
            lrs = value;
            return this;
        }

        /** Timeouts, body sizes, connection caps and login backoff of the listeners. */
        public Builder limits(Limits value) {
            limits = value;
            return this;
        }

        /** Bearer token that may read {@code /metrics}; null leaves it to facilitators. */
        public Builder metricsToken(String value) {
            metricsToken = value;
            return this;
        }

        /** TLS of the control and HTTP listeners. */
        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        public Builder joinLimits(JoinLimits value) {
            joinLimits = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, nodeId,
                    dataDir, tickRate, snapshotRate, tickThreads, maxFrameBytes, handshakeTimeout, idleTimeout,
                    resumeGrace, interestRadiusM, snapshotBudgetBytes, secret, consoleUser, consolePassword, lrs, limits,
                    metricsToken, tls, joinLimits);
        }
    }
}
