package ensemble.server.store;

/** {@link SessionStoreContract} through a real Sentinel watching a real master, both started by the test. */
class SentinelSessionStoreIT extends SessionStoreContract {
    @Override
    RedisConnection connection() {
        return SharedRedis.sentinel();
    }

    @Override
    void flushAll() {
        SharedRedis.flushSentinel();
    }
}
