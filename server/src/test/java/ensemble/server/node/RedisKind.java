package ensemble.server.node;

import ensemble.server.store.RedisClusterProcess;
import ensemble.server.store.RedisServerProcess;
import java.nio.file.Path;

/** The kinds of Redis deployment the multi-node tests run against, each a real process. */
enum RedisKind {
    /** One real redis-server. */
    STANDALONE {
        @Override
        RunningRedis start(Path dir) {
            RedisServerProcess redis = RedisServerProcess.start(dir);
            return new RunningRedis(redis.url(), redis::stop, redis::start, redis::close);
        }
    },
    /** A real three-master Redis Cluster, persistent so that it can be stopped and started again. */
    CLUSTER {
        @Override
        RunningRedis start(Path dir) {
            RedisClusterProcess cluster = RedisClusterProcess.start(dir, true);
            return new RunningRedis(cluster.url(), cluster::stopAll, cluster::startAll, cluster::close);
        }
    };

    abstract RunningRedis start(Path dir);

    /**
     * A started deployment: its URL, and how to stop every process (data kept on disk), start
     * them again on the same ports and data, and tear it down.
     */
    record RunningRedis(String url, Runnable stop, Runnable restart, Runnable teardown) implements AutoCloseable {
        @Override
        public void close() {
            teardown.run();
        }
    }
}
