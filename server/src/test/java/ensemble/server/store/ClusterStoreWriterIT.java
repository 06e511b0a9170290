package ensemble.server.store;

/** {@link StoreWriterContract} against a real three-master Redis Cluster started by the test. */
class ClusterStoreWriterIT extends StoreWriterContract {
    @Override
    RedisConnection connection() {
        return SharedRedis.cluster();
    }

    @Override
    void flushAll() {
        SharedRedis.flushCluster();
    }
}
