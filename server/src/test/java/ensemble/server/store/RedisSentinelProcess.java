package ensemble.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real Sentinel deployment for tests: one master {@code redis-server} and one
 * {@code redis-server --sentinel} watching it under the name {@link #MASTER}.
 */
public final class RedisSentinelProcess implements AutoCloseable {
    public static final String MASTER = "ensemble";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final RedisServerProcess master;
    private final Process sentinel;
    private final int sentinelPort;

    private RedisSentinelProcess(RedisServerProcess master, Process sentinel, int sentinelPort) {
        this.master = master;
        this.sentinel = sentinel;
        this.sentinelPort = sentinelPort;
    }

    public static RedisSentinelProcess start(Path dir) {
        RedisServerProcess master = RedisServerProcess.start(dir.resolve("master"));
        int port = RedisServerProcess.freePort();
        try {
            Path sentinelDir = Files.createDirectories(dir.resolve("sentinel"));
            Path config = sentinelDir.resolve("sentinel.conf");
            // Sentinel rewrites its config file, so it gets a writable one of its own.
            Files.write(config, List.of(
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + sentinelDir.toAbsolutePath(),
                    "logfile " + sentinelDir.resolve("sentinel.log").toAbsolutePath(),
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER + " 2000"));
            Process process = new ProcessBuilder("redis-server", config.toAbsolutePath().toString(), "--sentinel")
                    .redirectErrorStream(true).redirectOutput(sentinelDir.resolve("sentinel.out").toFile()).start();
            RedisSentinelProcess deployment = new RedisSentinelProcess(master, process, port);
            deployment.awaitMasterKnown();
            return deployment;
        } catch (IOException e) {
            master.stop();
            throw new UncheckedIOException("cannot start redis-server --sentinel", e);
        } catch (RuntimeException e) {
            master.stop();
            throw e;
        }
    }

    private void awaitMasterKnown() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!sentinel.isAlive()) {
                throw new IllegalStateException("sentinel exited with " + sentinel.exitValue());
            }
            try (Jedis jedis = new Jedis("127.0.0.1", sentinelPort)) {
                List<String> address = jedis.sentinelGetMasterAddrByName(MASTER);
                if (address != null && address.size() == 2 && address.get(1).equals(Integer.toString(master.port()))) {
                    return;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            RedisServerProcess.sleep(50);
        }
        close();
        throw new IllegalStateException("sentinel did not report master " + MASTER + " within " + READY_TIMEOUT);
    }

    public String url() {
        return "redis-sentinel://127.0.0.1:" + sentinelPort + "/" + MASTER;
    }

    public int masterPort() {
        return master.port();
    }

    @Override
    public void close() {
        sentinel.destroy();
        try {
            if (!sentinel.waitFor(10, TimeUnit.SECONDS)) {
                sentinel.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sentinel.destroyForcibly();
        }
        master.stop();
    }
}
