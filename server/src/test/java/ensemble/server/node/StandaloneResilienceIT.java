package ensemble.server.node;

import ensemble.server.store.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The resilience suite against one real redis-server. */
class StandaloneResilienceIT extends ResilienceContract {
    private RedisServerProcess redis;

    @BeforeEach
    void startRedisServer() {
        redis = RedisServerProcess.start(dir.resolve("redis"));
    }

    @AfterEach
    void stopRedisServer() {
        redis.close();
    }

    @Override
    String redisUrl() {
        return redis.url();
    }

    @Override
    void stopRedis() {
        redis.stop();
    }

    @Override
    void startRedis() {
        redis.start();
    }
}
