package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The key layout: one hash tag and one cluster slot per session, and ids that cannot break it. */
class RedisKeysTest {

    private static List<String> allSessionKeys(String sessionId) {
        List<String> keys = new ArrayList<>(RedisKeys.sessionData(sessionId));
        keys.add(RedisKeys.lease(sessionId));
        return keys;
    }

    @Test
    void everyKeyOfASessionSharesItsHashTagAndSlot() {
        for (String sessionId : List.of("s1", "fire-drill-2024.03", "a:b@c+d")) {
            List<String> keys = allSessionKeys(sessionId);
            assertEquals(6, keys.size());
            for (String key : keys) {
                assertTrue(key.startsWith(RedisKeys.PREFIX + "{" + sessionId + "}:"), key);
                assertEquals(sessionId, RedisKeys.hashTag(key));
            }
            Set<Integer> slots = keys.stream().map(JedisClusterCRC16::getSlot).collect(Collectors.toSet());
            assertEquals(1, slots.size(), "one slot for " + keys);
        }
    }

    @Test
    void differentSessionsSpreadOverSlots() {
        Set<Integer> slots = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            slots.add(JedisClusterCRC16.getSlot(RedisKeys.events("s" + i)));
        }
        assertTrue(slots.size() > 90, "sessions are not all on one slot: " + slots.size());
    }

    @Test
    void keysAreDistinctPerConcern() {
        List<String> keys = allSessionKeys("s1");
        assertEquals(keys.size(), Set.copyOf(keys).size());
        assertEquals("ens:{s1}:events", RedisKeys.events("s1"));
        assertEquals("ens:person:{alice}:sessions", RedisKeys.personSessions("alice"));
        assertEquals("ens:node:{node-1}", RedisKeys.node("node-1"));
    }

    @Test
    void idsThatWouldBreakTheHashTagAreRefused() {
        for (String bad : List.of("", "a}b", "{s}", "with space", "x".repeat(RedisKeys.MAX_ID_LENGTH + 1), "tab\t")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisKeys.events(bad));
            assertTrue(e.getMessage().startsWith("session id must be"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RedisKeys.requireId("session", null));
    }

    @Test
    void eventIdsAreStreamIdsWithSequenceAndZero() {
        assertEquals("42-0", new EventId(42).streamId());
        assertEquals(new EventId(42), EventId.parse("42-0"));
        assertEquals(new EventId(43), new EventId(42).next());
        assertThrows(IllegalArgumentException.class, () -> EventId.parse("42-1"));
        assertThrows(IllegalArgumentException.class, () -> EventId.parse("x"));
    }

    @Test
    void eventFieldsRoundTripAndStayReadable() {
        EventRecord event = new EventRecord("chat", 7, 1234, "alice", java.util.Map.of("text", "hi"));
        java.util.Map<String, String> fields = EventCodec.encode(event);
        assertEquals(java.util.Map.of("type", "chat", "tick", "7", "wall", "1234", "actor", "alice", "d.text", "hi"),
                fields);
        assertEquals(event, EventCodec.decode(fields));
    }
}
