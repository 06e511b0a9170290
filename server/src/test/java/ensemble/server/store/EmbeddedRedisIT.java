package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.ServerConfig.RedisBinary;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/** Both sources of the embedded redis-server start a real, working server and stop it again. */
class EmbeddedRedisIT {

    @Test
    void shippedBinaryStartsAndStops(@TempDir Path dir) throws Exception {
        assertWorks(dir, RedisBinary.SHIPPED, "shipped");
    }

    @Test
    void binaryOnPathStartsAndStops(@TempDir Path dir) throws Exception {
        Optional<Path> onPath = EmbeddedRedis.findOnPath("redis-server");
        assertTrue(onPath.isPresent(), "redis-server must be on PATH for the tests (./ensemble test installs it)");
        assertWorks(dir, RedisBinary.PATH, "PATH");
    }

    private static void assertWorks(Path dir, RedisBinary preference, String expectedOrigin) throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start(dir, preference);
        try (Jedis jedis = new Jedis(redis.url())) {
            assertTrue(redis.origin().contains(expectedOrigin), redis.origin());
            assertEquals("PONG", jedis.ping());
            jedis.xadd("{s}:events", StreamEntryID.NEW_ENTRY, Map.of("k", "v"));
            assertEquals(1, jedis.xlen("{s}:events"), "streams work");
        } finally {
            redis.close();
        }
        assertFalse(redis.isRunning());
        assertFalse(ProcessHandle.of(redis.pid()).map(ProcessHandle::isAlive).orElse(false));
    }
}
