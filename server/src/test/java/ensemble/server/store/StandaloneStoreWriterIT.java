package ensemble.server.store;

/** {@link StoreWriterContract} against one real redis-server. */
class StandaloneStoreWriterIT extends StoreWriterContract {
    @Override
    RedisConnection connection() {
        return SharedRedis.standalone();
    }

    @Override
    void flushAll() {
        SharedRedis.flushStandalone();
    }
}
