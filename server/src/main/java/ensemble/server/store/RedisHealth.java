package ensemble.server.store;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Watches whether Redis answers, on a thread of its own, so that {@code /healthz} can report it
 * without ever blocking a Netty event loop on a Redis round trip. Built from a
 * {@code redis://} URL (one probe connection per check) or from the node's
 * {@link RedisConnection}, which works for Sentinel and Cluster too. The writer's own view,
 * {@link StoreWriter#degraded()}, says whether writes are waiting; report both.
 */
public final class RedisHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisHealth.class);

    /** What the last probe saw. */
    public record Status(boolean up, String detail, long checkedAtMillis) {
    }

    /** One check: the reply to PING, or an exception. */
    @FunctionalInterface
    private interface Probe {
        String ping();
    }

    private final String target;
    private final Probe probe;
    private final ScheduledExecutorService executor;
    private volatile Status status = new Status(false, "not checked yet", 0);

    /** Probes a standalone Redis given as {@code redis://} or {@code rediss://} URL. */
    public RedisHealth(URI url, Duration interval) {
        this(Redacted.url(url), () -> pingOnce(url), interval);
    }

    /** Probes through the node's connection (any deployment: standalone, Sentinel, Cluster). */
    public RedisHealth(RedisConnection connection, Duration interval) {
        this(connection.target().describe(), () -> connection.jedis().ping(), interval);
    }

    private RedisHealth(String target, Probe probe, Duration interval) {
        this.target = target;
        this.probe = probe;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-health");
            t.setDaemon(true);
            return t;
        });
        probe();
        executor.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String pingOnce(URI url) {
        try (Jedis jedis = new Jedis(new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(1000).socketTimeoutMillis(1000)
                        .ssl("rediss".equals(url.getScheme())).build())) {
            return jedis.ping();
        }
    }

    private void probe() {
        Status previous = status;
        Status next;
        try {
            String pong = probe.ping();
            next = new Status("PONG".equals(pong), "PING answered " + pong, System.currentTimeMillis());
        } catch (RuntimeException e) {
            next = new Status(false, e.getClass().getSimpleName() + ": " + e.getMessage(), System.currentTimeMillis());
        }
        if (previous.up() != next.up() && previous.checkedAtMillis() != 0) {
            log.warn("Redis at {} is now {} ({})", target, next.up() ? "up" : "down", next.detail());
        }
        status = next;
    }

    public Status status() {
        return status;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
