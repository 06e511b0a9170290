package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health probe follows Redis going away and coming back, for any deployment's connection. */
class RedisHealthIT {

    @Test
    void followsRedisDownAndUpThroughTheNodesConnection(@TempDir Path dir) {
        RedisServerProcess redis = RedisServerProcess.start(dir);
        try (RedisConnection connection = RedisConnection.open(redis.url());
             RedisHealth health = new RedisHealth(connection, Duration.ofMillis(100))) {
            awaitUp(health, true);
            redis.stop();
            awaitUp(health, false);
            assertFalse(health.status().detail().isEmpty());
            redis.start();
            awaitUp(health, true);
        } finally {
            redis.stop();
        }
    }

    @Test
    void probesAClusterToo() {
        try (RedisHealth health = new RedisHealth(SharedRedis.cluster(), Duration.ofMillis(100))) {
            awaitUp(health, true);
        }
    }

    private static void awaitUp(RedisHealth health, boolean up) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (health.status().up() != up && System.nanoTime() < deadline) {
            RedisServerProcess.sleep(20);
        }
        assertTrue(health.status().up() == up, "expected up=" + up + ", status " + health.status());
    }
}
