package ensemble.server.analytics;

import ensemble.server.session.Session;
import ensemble.server.session.SessionReadout;
import ensemble.server.session.SessionRegistry;
import ensemble.server.store.RedisKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Measures who stands near whom: every {@link #SAMPLE_MILLIS} it reads the head positions of each
 * running session on its tick thread (a cheap read of positions the tick already has), and adds
 * the sample interval to every pair closer than {@link #NEAR_METRES} in the session's proximity
 * hash in Redis. The Redis writes run on a thread of their own; samples that would wait behind
 * more than {@link #MAX_PENDING_WRITES} others are dropped (a gap in a measure, never a stall).
 */
public final class ProximitySampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProximitySampler.class);
    /** Time between two samples of a session, milliseconds. */
    public static final long SAMPLE_MILLIS = 1_000;
    /** Heads closer than this are "near each other" (conversation distance). */
    public static final double NEAR_METRES = 2.0;
    /** Participants of one session considered per sample: bounds the pairs to n(n-1)/2. */
    public static final int MAX_SAMPLED = 64;
    /** Sampled sessions waiting to be written, at most. */
    public static final int MAX_PENDING_WRITES = 256;

    private final SessionRegistry registry;
    private final UnifiedJedis jedis;
    private final ScheduledExecutorService timer;
    private final ExecutorService writer;
    private final long retentionMillis;

    /** {@code retention}: the proximity key expires this long after its last sample (like an ended session's data). */
    public ProximitySampler(SessionRegistry registry, UnifiedJedis jedis, ScheduledExecutorService timer,
            java.time.Duration retention) {
        this.registry = registry;
        this.jedis = jedis;
        this.retentionMillis = retention.toMillis();
        this.timer = timer;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(MAX_PENDING_WRITES), r -> {
                    Thread t = new Thread(r, "proximity-writer");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    public ProximitySampler start() {
        timer.scheduleWithFixedDelay(this::sampleAll, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sampleAll() {
        try {
            for (Session session : registry.all()) {
                if (session.stateSnapshot() == Session.State.RUNNING && session.participantCount() > 1) {
                    session.submit(this::sample);
                }
            }
        } catch (RuntimeException e) {
            log.warn("proximity sampling failed", e);
        }
    }

    /** Tick thread: which pairs are near, handed to the writer. */
    private void sample(Session session) {
        List<String> ids = new ArrayList<>();
        List<double[]> heads = new ArrayList<>();
        Object people = SessionReadout.detail(session).get("participants");
        for (Object item : (List<?>) people) {
            Map<?, ?> person = (Map<?, ?>) item;
            if ("spectator".equals(person.get("kind")) || !Boolean.TRUE.equals(person.get("connected"))) {
                continue;
            }
            List<?> head = (List<?>) person.get("head");
            ids.add((String) person.get("id"));
            heads.add(new double[] {((Number) head.get(0)).doubleValue(), ((Number) head.get(1)).doubleValue(),
                    ((Number) head.get(2)).doubleValue()});
            if (ids.size() == MAX_SAMPLED) {
                break;
            }
        }
        Map<String, Long> increments = nearPairs(ids, heads, SAMPLE_MILLIS);
        if (!increments.isEmpty()) {
            String sessionId = session.id();
            writer.execute(() -> write(sessionId, increments));
        }
    }

    /** Pair fields and person fields to add {@code millis} to, for heads closer than {@link #NEAR_METRES}. */
    static Map<String, Long> nearPairs(List<String> ids, List<double[]> heads, long millis) {
        Map<String, Long> increments = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                double[] a = heads.get(i);
                double[] b = heads.get(j);
                double dx = a[0] - b[0];
                double dy = a[1] - b[1];
                double dz = a[2] - b[2];
                if (dx * dx + dy * dy + dz * dz <= NEAR_METRES * NEAR_METRES) {
                    increments.put(Proximity.pair(ids.get(i), ids.get(j)), millis);
                    increments.put(ids.get(i), millis);
                    increments.put(ids.get(j), millis);
                }
            }
        }
        return increments;
    }

    private void write(String sessionId, Map<String, Long> increments) {
        try {
            String key = RedisKeys.proximity(sessionId);
            increments.forEach((field, millis) -> jedis.hincrBy(key, field, millis));
            // Expires on its own even when the session is deleted before its report or with no LRS.
            jedis.pexpire(key, retentionMillis);
        } catch (RuntimeException e) {
            log.debug("session {}: proximity sample not stored: {}", sessionId, e.toString());
        }
    }

    /** Reads a session's proximity totals (blocking; store threads only). */
    public static Proximity read(UnifiedJedis jedis, String sessionId) {
        Map<String, Long> pairs = new HashMap<>();
        Map<String, Long> persons = new HashMap<>();
        jedis.hgetAll(RedisKeys.proximity(sessionId)).forEach((field, value) -> {
            long millis = Long.parseLong(value);
            if (field.indexOf(' ') > 0) {
                pairs.put(field, millis);
            } else {
                persons.put(field, millis);
            }
        });
        return new Proximity(pairs, persons);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
