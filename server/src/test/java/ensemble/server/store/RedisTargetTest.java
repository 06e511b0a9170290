package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/** Redis URLs: the three deployments, credentials, defaults, and errors that say what is wrong. */
class RedisTargetTest {

    @Test
    void standaloneWithDefaultsAndDatabase() {
        assertEquals(new RedisTarget.Standalone(new HostAndPort("redis.internal", 6379), 0, false,
                RedisTarget.Credentials.NONE), RedisTarget.parse("redis://redis.internal"));
        RedisTarget.Standalone tls = (RedisTarget.Standalone) RedisTarget.parse("rediss://r:6380/2");
        assertTrue(tls.tls());
        assertEquals(2, tls.database());
        assertEquals(6380, tls.node().getPort());
        assertEquals("standalone", tls.mode());
    }

    @Test
    void credentialsAreParsedAndNeverPrinted() {
        RedisTarget target = RedisTarget.parse("redis://ensemble:s%40cret@127.0.0.1:7000");
        assertEquals(new RedisTarget.Credentials("ensemble", "s@cret"), target.credentials());
        assertEquals("redis://127.0.0.1:7000", target.describe());
        assertFalse(target.credentials().toString().contains("s@cret"));
        assertEquals(new RedisTarget.Credentials(null, "pw"), RedisTarget.parse("redis://pw@h").credentials(),
                "a bare user-info part is a password");
    }

    @Test
    void sentinelNeedsSentinelsAndAMasterName() {
        RedisTarget.Sentinel sentinel = (RedisTarget.Sentinel) RedisTarget.parse(
                "redis-sentinel://s1:26379,s2,s3:26380/ensemble-master");
        assertEquals(List.of(new HostAndPort("s1", 26379), new HostAndPort("s2", 26379), new HostAndPort("s3", 26380)),
                sentinel.sentinels());
        assertEquals("ensemble-master", sentinel.masterName());
        assertEquals("redis-sentinel://s1:26379,s2:26379,s3:26380/ensemble-master", sentinel.describe());
        assertMessage("needs the master name", "redis-sentinel://s1:26379");
    }

    @Test
    void clusterTakesSeedNodes() {
        RedisTarget.Cluster cluster = (RedisTarget.Cluster) RedisTarget.parse("redis-cluster://10.0.0.1:7000,10.0.0.2:7001");
        assertEquals(List.of(new HostAndPort("10.0.0.1", 7000), new HostAndPort("10.0.0.2", 7001)), cluster.seeds());
        assertEquals("cluster", cluster.mode());
        assertMessage("has a path", "redis-cluster://h:7000/0");
    }

    @Test
    void ipv6LiteralsWork() {
        RedisTarget.Standalone target = (RedisTarget.Standalone) RedisTarget.parse("redis://[::1]:6390");
        assertEquals(6390, target.node().getPort());
    }

    @Test
    void badUrlsGetClearErrors() {
        assertMessage("is empty", " ");
        assertMessage("has no scheme", "localhost:6379");
        assertMessage("unknown scheme 'http'", "http://localhost:6379");
        assertMessage("names 2 hosts", "redis://a:1,b:2");
        assertMessage("database number", "redis://a:1/zero");
        assertMessage("out of 1..65535", "redis://a:70000");
        assertMessage("empty host", "redis-cluster://a:1,,b:2");
        assertMessage("names no host", "redis-cluster://");
    }

    private static void assertMessage(String expected, String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisTarget.parse(url));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should say '" + expected + "'");
    }
}
