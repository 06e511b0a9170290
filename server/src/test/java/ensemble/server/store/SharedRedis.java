package ensemble.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * One standalone redis-server, one three-master cluster and one Sentinel deployment per test JVM, started on first use
 * and stopped when the JVM exits, so the contract suites do not each pay for starting them.
 * Tests that stop Redis start their own {@link RedisServerProcess} instead.
 */
final class SharedRedis {
    private static RedisServerProcess standalone;
    private static RedisConnection standaloneConnection;
    private static RedisClusterProcess cluster;
    private static RedisConnection clusterConnection;
    private static RedisSentinelProcess sentinel;
    private static RedisConnection sentinelConnection;

    private SharedRedis() {
    }

    static synchronized RedisConnection standalone() {
        if (standalone == null) {
            standalone = RedisServerProcess.start(tempDir("ensemble-redis-"));
            standaloneConnection = RedisConnection.open(standalone.url());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                standaloneConnection.close();
                standalone.stop();
            }, "stop-test-redis"));
        }
        return standaloneConnection;
    }

    static synchronized void flushStandalone() {
        standalone();
        try (Jedis jedis = new Jedis("127.0.0.1", standalone.port())) {
            jedis.flushAll();
        }
    }

    static synchronized RedisConnection cluster() {
        if (cluster == null) {
            cluster = RedisClusterProcess.start(tempDir("ensemble-redis-cluster-"));
            clusterConnection = RedisConnection.open(cluster.url());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                clusterConnection.close();
                cluster.close();
            }, "stop-test-redis-cluster"));
        }
        return clusterConnection;
    }

    static synchronized List<Integer> clusterPorts() {
        cluster();
        return cluster.ports();
    }

    static synchronized void flushCluster() {
        cluster();
        cluster.flushAll();
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized RedisConnection sentinel() {
        if (sentinel == null) {
            sentinel = RedisSentinelProcess.start(tempDir("ensemble-redis-sentinel-"));
            sentinelConnection = RedisConnection.open(sentinel.url());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sentinelConnection.close();
                sentinel.close();
            }, "stop-test-redis-sentinel"));
        }
        return sentinelConnection;
    }

    static synchronized void flushSentinel() {
        sentinel();
        try (Jedis jedis = new Jedis("127.0.0.1", sentinel.masterPort())) {
            jedis.flushAll();
        }
    }
}
