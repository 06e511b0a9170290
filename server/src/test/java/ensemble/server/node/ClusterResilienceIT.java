package ensemble.server.node;

import ensemble.server.store.RedisClusterProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The resilience suite against a real three-master Redis Cluster. */
class ClusterResilienceIT extends ResilienceContract {
    private RedisClusterProcess cluster;

    @BeforeEach
    void startCluster() {
        cluster = RedisClusterProcess.start(dir.resolve("cluster"), true);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Override
    String redisUrl() {
        return cluster.url();
    }

    @Override
    void stopRedis() {
        cluster.stopAll();
    }

    @Override
    void startRedis() {
        cluster.startAll();
    }
}
