package ensemble.server.store;

/** {@link SessionStoreContract} against one real redis-server. */
class StandaloneSessionStoreIT extends SessionStoreContract {
    @Override
    RedisConnection connection() {
        return SharedRedis.standalone();
    }

    @Override
    void flushAll() {
        SharedRedis.flushStandalone();
    }
}
