package ensemble.server.store;

/** {@link SessionStoreContract} against a real three-master Redis Cluster started by the test. */
class ClusterSessionStoreIT extends SessionStoreContract {
    @Override
    RedisConnection connection() {
        return SharedRedis.cluster();
    }

    @Override
    void flushAll() {
        SharedRedis.flushCluster();
    }
}
