package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.SessionContext;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.server.store.RedisKeys;
import ensemble.server.store.RedisServerProcess;
import ensemble.server.store.StoreSettings;
import ensemble.server.world.Scene;
import ensemble.v1.FacilitatorCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * A node keeps the sessions it runs however late its lease renewals come (a busy machine, a
 * stalled Redis): a lease that ran out while nobody else took it is this node's to take back, by
 * its renewal or by its next write, whichever comes first. Only a lease Redis names as another
 * node's hands the session over. One node on a real redis-server, with a short lease so the test
 * sees hundreds of renewals.
 */
class LeaseKeepingIT {
    private static final Duration LEASE = Duration.ofMillis(300);

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private SessionRegistry registry;
    private NodeCoordinator node;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void startNode() {
        redis = RedisServerProcess.start(dir.resolve("redis"));
        ServerConfig config = ServerConfig.forTests(dir.resolve("node"));
        registry = new SessionRegistry(new SessionContext(config, new TokenSigner("lease-test-secret-0123456789abcdef-0123", Clock.systemUTC()),
                metrics, Clock.systemUTC(), () -> null));
        node = new NodeCoordinator(redis.url(), "node-a", "127.0.0.1", registry, id -> Optional.empty(),
                StoreSettings.defaults().withLeaseTtl(LEASE), metrics);
        node.start(1, 1);
    }

    @AfterEach
    void stopNode() {
        registry.close();
        node.close();
        redis.close();
    }

    @Test
    void aLeaseThatKeepsLapsingWhileItsOwnerWritesIsTakenBackNeverLost() throws Exception {
        Session session = registry.create(Scene.testRoom(4, 8), "busy");
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            eventually("the node holds the lease", () -> "node-a".equals(jedis.get(RedisKeys.lease("busy"))));
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread facilitator = new Thread(() -> {
                FacilitatorCommand broadcast = FacilitatorCommand.newBuilder()
                        .setKind(FacilitatorCommand.Kind.KIND_BROADCAST).setText("keep going").build();
                while (writing.get()) {
                    session.submit(s -> s.control(broadcast, "facilitator"));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }, "test-facilitator");
            facilitator.start();
            try {
                // The lease runs out again and again, as when every renewal comes too late, while
                // the session's own fenced writes and its renewals race to take it back.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                while (System.nanoTime() < until) {
                    jedis.del(RedisKeys.lease("busy"));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            } finally {
                writing.set(false);
                facilitator.join();
            }
            // The same session, never handed over (and then taken over again from its checkpoint).
            assertSame(session, registry.find("busy"), "the session is still hosted here, never handed over");
            assertNotNull(node.recorder("busy"), "and still recorded");
            eventually("the lease is held again", () -> "node-a".equals(jedis.get(RedisKeys.lease("busy"))));
            assertTrue(metrics.counter("ensemble.lease.lapsed").count() > 0, "lapses were seen and counted");
            assertEquals(0, node.recorder("busy").failedWrites(), "no write was refused");
        }
    }

    @Test
    void aLeaseAnotherNodeHoldsHandsTheSessionOver() throws Exception {
        registry.create(Scene.testRoom(4, 8), "moved");
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            eventually("the node holds the lease", () -> "node-a".equals(jedis.get(RedisKeys.lease("moved"))));
            jedis.set(RedisKeys.lease("moved"), "node-b", SetParams.setParams().px(60_000));
            eventually("the session is handed over", () -> registry.find("moved") == null);
            assertEquals("node-b", jedis.get(RedisKeys.lease("moved")), "the other node's lease is left alone");
        }
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
