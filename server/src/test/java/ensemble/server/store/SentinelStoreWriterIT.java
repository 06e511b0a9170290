package ensemble.server.store;

/** {@link StoreWriterContract} through a real Sentinel watching a real master, both started by the test. */
class SentinelStoreWriterIT extends StoreWriterContract {
    @Override
    RedisConnection connection() {
        return SharedRedis.sentinel();
    }

    @Override
    void flushAll() {
        SharedRedis.flushSentinel();
    }
}
