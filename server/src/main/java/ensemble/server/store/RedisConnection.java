package ensemble.server.store;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one Jedis client of a node, for any {@link RedisTarget}: a pooled standalone client, a
 * Sentinel-aware client that follows master failover, or a cluster client that routes every
 * command by its key's hash slot. Everything above it talks to {@link UnifiedJedis}, so the store
 * is the same code in all three modes; it only ever sends single-slot commands (see
 * {@link RedisKeys}).
 *
 * <p>Thread-safe (Jedis pools connections). Calls block: use it only from store threads, never
 * from a Netty event loop or a session tick.
 */
public final class RedisConnection implements AutoCloseable {

    /** Connect and socket timeout of every Redis command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Connections per Redis node: the writer, the store calls, health probes and a margin. */
    public static final int POOL_SIZE = 16;

    private final RedisTarget target;
    private final UnifiedJedis jedis;

    private RedisConnection(RedisTarget target, UnifiedJedis jedis) {
        this.target = target;
        this.jedis = jedis;
    }

    /** Connects to a Redis URL (see {@link RedisTarget#parse}). */
    public static RedisConnection open(String url) {
        return open(RedisTarget.parse(url), DEFAULT_TIMEOUT);
    }

    /**
     * Creates the client. A standalone or Sentinel client connects lazily; a cluster client asks a
     * seed node for the slot map now and fails if none answers.
     */
    public static RedisConnection open(RedisTarget target, Duration timeout) {
        return open(target, timeout, null);
    }

    /**
     * As {@link #open(RedisTarget, Duration)}; {@code rediss://} connections check the server's
     * certificate with {@code tls} (null: the JVM's trust store, {@code javax.net.ssl.trustStore})
     * and always check that it names the host of the URL.
     */
    public static RedisConnection open(RedisTarget target, Duration timeout, SSLSocketFactory tls) {
        Objects.requireNonNull(target, "target");
        int millis = Math.toIntExact(timeout.toMillis());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        // A pooled connection that broke while Redis was away is found out and replaced, not reused.
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        UnifiedJedis jedis;
        if (target instanceof RedisTarget.Standalone s) {
            jedis = RedisClient.builder()
                    .hostAndPort(s.node())
                    .clientConfig(config(millis, s.credentials(), s.tls() ? tls(tls) : null, s.database()))
                    .poolConfig(pool)
                    .build();
        } else if (target instanceof RedisTarget.Sentinel s) {
            jedis = RedisSentinelClient.builder()
                    .masterName(s.masterName())
                    .sentinels(new LinkedHashSet<>(s.sentinels()))
                    .clientConfig(config(millis, s.credentials(), null, 0))
                    .sentinelClientConfig(DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).build())
                    .poolConfig(pool)
                    .build();
        } else if (target instanceof RedisTarget.Cluster c) {
            jedis = RedisClusterClient.builder()
                    .nodes(new LinkedHashSet<>(c.seeds()))
                    .clientConfig(config(millis, c.credentials(), null, 0))
                    .poolConfig(pool)
                    .maxAttempts(3)
                    .maxTotalRetriesDuration(timeout.multipliedBy(2))
                    .build();
        } else {
            throw new IllegalStateException("unknown Redis target " + target);
        }
        return new RedisConnection(target, jedis);
    }

    /** TLS of a {@code rediss://} connection: the given trust (or the JVM's), host name verified. */
    private record Tls(SSLSocketFactory factory, SSLParameters parameters) {
    }

    private static Tls tls(SSLSocketFactory factory) {
        SSLParameters parameters = new SSLParameters();
        // Jedis checks only the chain unless told to: the certificate must also name the host.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return new Tls(factory != null ? factory : (SSLSocketFactory) SSLSocketFactory.getDefault(), parameters);
    }

    private static JedisClientConfig config(int millis, RedisTarget.Credentials credentials, Tls tls, int database) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .ssl(tls != null)
                .database(database)
                .clientName("ensemble");
        if (tls != null) {
            builder.sslSocketFactory(tls.factory()).sslParameters(tls.parameters());
        }
        if (credentials.password() != null) {
            builder.user(credentials.user()).password(credentials.password());
        }
        return builder.build();
    }

    public RedisTarget target() {
        return target;
    }

    /** The client; blocking calls. */
    public UnifiedJedis jedis() {
        return jedis;
    }

    /** True when Redis answers PING now (blocks up to the timeout). */
    public boolean ping() {
        try {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        jedis.close();
    }
}
