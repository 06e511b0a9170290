package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@link SessionStoreContract} against a real three-master Redis Cluster started by the test,
 * plus where the keys land: sessions spread over the masters, each session whole on one.
 */
class ClusterSessionStoreIT extends SessionStoreContract {
    @Override
    RedisConnection connection() {
        return SharedRedis.cluster();
    }

    @Override
    void flushAll() {
        SharedRedis.flushCluster();
    }

    @Test
    void sessionsSpreadOverTheMastersAndEachSessionLivesOnOne() {
        for (int i = 0; i < 12; i++) {
            seedSession("spread-" + i, SessionStatus.RUNNING);
        }
        Map<String, Set<Integer>> mastersBySession = new HashMap<>();
        Set<Integer> mastersUsed = new HashSet<>();
        for (int port : SharedRedis.clusterPorts()) {
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                for (String key : node.keys(RedisKeys.PREFIX + "{spread-*")) {
                    mastersBySession.computeIfAbsent(RedisKeys.hashTag(key), s -> new HashSet<>()).add(port);
                    mastersUsed.add(port);
                }
            }
        }
        assertEquals(12, mastersBySession.size());
        mastersBySession.forEach((session, masters) -> assertEquals(1, masters.size(), session + " is split: " + masters));
        assertTrue(mastersUsed.size() > 1, "twelve sessions all landed on one master: " + mastersUsed);
        assertEquals(List.of(), store.directory().unleased(), "no session of the seed is in the directory");
    }
}
