package ensemble.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real three-master Redis Cluster on loopback for tests: three {@code redis-server
 * --cluster-enabled yes} processes joined with {@code redis-cli --cluster create}, ready once
 * every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    public static RedisClusterProcess start(Path dir) {
        return start(dir, false);
    }

    /**
     * Three masters; {@code persistent} keeps an append-only file per node so that the whole
     * cluster can be stopped and started again with its data (see {@link #stopAll()}).
     */
    public static RedisClusterProcess start(Path dir, boolean persistent) {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int port = RedisServerProcess.freePort();
                nodes.add(RedisServerProcess.startOn(port, dir.resolve("node-" + i),
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "2000",
                        "--appendonly", persistent ? "yes" : "no",
                        "--appendfsync", persistent ? "always" : "everysec"));
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            cluster.create();
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServerProcess::stop);
            throw e;
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (RedisServerProcess node : nodes) {
            command.add("127.0.0.1:" + node.port());
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-cli (is it on PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (nodes.stream().allMatch(RedisClusterProcess::isOk)) {
                return;
            }
            RedisServerProcess.sleep(100);
        }
        throw new IllegalStateException("cluster did not reach cluster_state:ok within " + READY_TIMEOUT);
    }

    private static boolean isOk(RedisServerProcess node) {
        try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
            return jedis.clusterInfo().contains("cluster_state:ok");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Stops every master (SIGTERM; a persistent cluster keeps its data and its cluster config). */
    public void stopAll() {
        nodes.forEach(RedisServerProcess::stop);
    }

    /** Starts every master again and waits until the cluster is ok. */
    public void startAll() {
        nodes.forEach(RedisServerProcess::start);
        awaitOk();
    }

    /** {@code redis-cluster://} URL with every node as a seed. */
    public String url() {
        return "redis-cluster://" + String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
    }

    /** Empties every master (between tests). */
    public void flushAll() {
        for (RedisServerProcess node : nodes) {
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                jedis.flushAll();
            }
        }
    }

    public List<Integer> ports() {
        return nodes.stream().map(RedisServerProcess::port).toList();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::stop);
    }
}
