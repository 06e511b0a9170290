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
 * without ever blocking a Netty event loop on a Redis round trip.
 */
public final class RedisHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisHealth.class);

    /** What the last probe saw. */
    public record Status(boolean up, String detail, long checkedAtMillis) {
    }

    private final URI url;
    private final ScheduledExecutorService executor;
    private volatile Status status = new Status(false, "not checked yet", 0);

    public RedisHealth(URI url, Duration interval) {
        this.url = url;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-health");
            t.setDaemon(true);
            return t;
        });
        probe();
        executor.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        Status previous = status;
        Status next;
        try (Jedis jedis = new Jedis(new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(1000).socketTimeoutMillis(1000)
                        .ssl("rediss".equals(url.getScheme())).build())) {
            String pong = jedis.ping();
            next = new Status("PONG".equals(pong), "PING answered " + pong, System.currentTimeMillis());
        } catch (RuntimeException e) {
            next = new Status(false, e.getClass().getSimpleName() + ": " + e.getMessage(), System.currentTimeMillis());
        }
        if (previous.up() != next.up() && previous.checkedAtMillis() != 0) {
            log.warn("Redis at {} is now {} ({})", url, next.up() ? "up" : "down", next.detail());
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
