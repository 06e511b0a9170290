package ensemble.server;

import ensemble.proto.Protocol;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every tunable of the server, in one place. Built by the {@code serve} command from options and
 * environment variables, and by tests directly (usually through {@link #forTests(Path)}).
 *
 * @param bindHost       address the control, state and HTTP listeners bind to
 * @param port           control (TCP) and state (UDP) port; 0 picks a free one
 * @param httpPort       console and API port; 0 picks a free one
 * @param publicHost     host name clients are told to use for the UDP state channel
 * @param redisUrl       external Redis ({@code redis://host:port}); null starts an embedded one
 * @param redisBinary    where the embedded Redis comes from
 * @param scenarioDir    directory of scenario folders, watched for changes
 * @param nodeId         this node's name in the session directory and leases
 * @param dataDir        local data (embedded Redis files)
 * @param tickRate       simulation ticks per second per session
 * @param snapshotRate   snapshots sent per second per client (at most tickRate)
 * @param maxFrameBytes  largest control frame accepted
 * @param handshakeTimeout time a new connection has to send a valid Hello
 * @param idleTimeout    a joined connection silent this long is closed
 * @param secret         key that signs join and resume tokens
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
        int maxFrameBytes,
        Duration handshakeTimeout,
        Duration idleTimeout,
        String secret) {

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

    public ServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(publicHost, "publicHost");
        Objects.requireNonNull(redisBinary, "redisBinary");
        Objects.requireNonNull(scenarioDir, "scenarioDir");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(secret, "secret");
        requirePort("port", port);
        requirePort("httpPort", httpPort);
        if (tickRate < 1 || tickRate > MAX_TICK_RATE) {
            throw new IllegalArgumentException("tick rate must be 1.." + MAX_TICK_RATE + " Hz, was " + tickRate);
        }
        if (snapshotRate < 1 || snapshotRate > tickRate) {
            throw new IllegalArgumentException("snapshot rate must be 1..tick rate (" + tickRate + "), was " + snapshotRate);
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("max frame size must be 1 KiB..16 MiB, was " + maxFrameBytes);
        }
        if (redisUrl != null && !"redis".equals(redisUrl.getScheme()) && !"rediss".equals(redisUrl.getScheme())) {
            throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://, was " + redisUrl);
        }
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + value);
        }
    }

    /** Defaults for a developer machine; every listener on loopback ports from {@link Protocol}. */
    public static ServerConfig defaults(Path workDir) {
        return new ServerConfig("0.0.0.0", Protocol.DEFAULT_PORT, Protocol.DEFAULT_HTTP_PORT, "127.0.0.1",
                null, RedisBinary.AUTO, workDir.resolve("scenarios/catalog"), "node-1",
                workDir.resolve(".ensemble"), 60, 60, Protocol.MAX_FRAME_BYTES,
                Duration.ofSeconds(10), Duration.ofSeconds(30), "dev-secret-change-me");
    }

    /** Loopback, ephemeral ports, embedded Redis under {@code dataDir}. */
    public static ServerConfig forTests(Path dataDir) {
        return defaults(dataDir).withBindHost("127.0.0.1").withPorts(0, 0).withDataDir(dataDir);
    }

    public ServerConfig withBindHost(String value) {
        return new ServerConfig(value, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, nodeId,
                dataDir, tickRate, snapshotRate, maxFrameBytes, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withPorts(int controlPort, int consolePort) {
        return new ServerConfig(bindHost, controlPort, consolePort, publicHost, redisUrl, redisBinary, scenarioDir,
                nodeId, dataDir, tickRate, snapshotRate, maxFrameBytes, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withRedis(URI url, RedisBinary binary) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, url, binary, scenarioDir, nodeId, dataDir,
                tickRate, snapshotRate, maxFrameBytes, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, nodeId,
                value, tickRate, snapshotRate, maxFrameBytes, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withScenarioDir(Path value) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, value, nodeId,
                dataDir, tickRate, snapshotRate, maxFrameBytes, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withNodeId(String value) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, value,
                dataDir, tickRate, snapshotRate, maxFrameBytes, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withRates(int ticks, int snapshots) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, nodeId,
                dataDir, ticks, snapshots, maxFrameBytes, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withTimeouts(Duration handshake, Duration idle) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, nodeId,
                dataDir, tickRate, snapshotRate, maxFrameBytes, handshake, idle, secret);
    }

    public ServerConfig withMaxFrameBytes(int value) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, nodeId,
                dataDir, tickRate, snapshotRate, value, handshakeTimeout, idleTimeout, secret);
    }

    public ServerConfig withSecret(String value) {
        return new ServerConfig(bindHost, port, httpPort, publicHost, redisUrl, redisBinary, scenarioDir, nodeId,
                dataDir, tickRate, snapshotRate, maxFrameBytes, handshakeTimeout, idleTimeout, value);
    }
}
