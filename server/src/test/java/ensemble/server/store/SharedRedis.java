package ensemble.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.clients.jedis.Jedis;

/**
 * One standalone redis-server and one three-master cluster per test JVM, started on first use
 * and stopped when the JVM exits, so the contract suites do not each pay for a cluster start.
 * Tests that stop Redis start their own {@link RedisServerProcess} instead.
 */
final class SharedRedis {
    private static RedisServerProcess standalone;
    private static RedisConnection standaloneConnection;
    private static RedisClusterProcess cluster;
    private static RedisConnection clusterConnection;

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
}
