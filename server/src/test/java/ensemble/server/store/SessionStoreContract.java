package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What the blocking store promises, run against every Redis deployment the store supports
 * (a subclass per deployment provides the connection). On a cluster these tests also prove that
 * every command is single-slot: a cross-slot command or script would fail there.
 */
abstract class SessionStoreContract {
    static final String NODE_A = "node-a";
    static final String NODE_B = "node-b";
    static final Duration LEASE = Duration.ofMillis(400);

    SessionStore store;
    UnifiedJedis jedis;

    /** The connection of the deployment under test, open for the whole class. */
    abstract RedisConnection connection();

    /** Empties the deployment before each test. */
    abstract void flushAll();

    StoreSettings settings() {
        return StoreSettings.defaults().withLeaseTtl(LEASE).withNodeTtl(Duration.ofMillis(400))
                .withRetention(Duration.ofHours(1));
    }

    @BeforeEach
    void setUp() {
        flushAll();
        store = new SessionStore(connection(), settings());
        jedis = connection().jedis();
    }

    static EventRecord event(String type, long tick, String actor, Map<String, String> data) {
        return new EventRecord(type, tick, 1_700_000_000_000L + tick, actor, data);
    }

    static Participant participant(String id, String token) {
        return new Participant(id, "Name " + id, "responder", Participant.hashResumeToken(token), 0, List.of(), 1000);
    }

    @Test
    void theConnectionAnswersPing() {
        assertTrue(connection().ping(), connection().target().describe());
    }

    @Test
    void eventsAreReadBackInOrderAfterAnyId() {
        for (int i = 1; i <= 5; i++) {
            assertTrue(store.events().append("s1", NODE_A, new EventId(i), event("step", i * 10, "alice",
                    Map.of("n", Integer.toString(i)))));
        }
        List<StoredEvent> all = store.events().readAll("s1", EventId.NONE);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), all.stream().map(e -> e.id().sequence()).toList());
        assertEquals(event("step", 30, "alice", Map.of("n", "3")), all.get(2).event(), "fields survive the round trip");
        List<StoredEvent> page = store.events().read("s1", new EventId(2), 2);
        assertEquals(List.of(new EventId(3), new EventId(4)), page.stream().map(StoredEvent::id).toList());
        assertEquals(new EventId(5), store.events().lastAppended("s1"));
        assertEquals(EventId.NONE, store.events().lastAppended("no-such-session"));
    }

    @Test
    void aSystemEventHasNoActorAndEmptyDataIsKept() {
        store.events().append("s1", NODE_A, new EventId(1), event("timer", 5, null, Map.of()));
        EventRecord read = store.events().readAll("s1", EventId.NONE).get(0).event();
        assertEquals(null, read.actor());
        assertEquals(Map.of(), read.data());
    }

    @Test
    void appendingTheSameIdAgainStoresItOnce() {
        EventRecord e = event("chat", 1, "alice", Map.of("text", "hello"));
        assertTrue(store.events().append("s1", NODE_A, new EventId(1), e));
        assertFalse(store.events().append("s1", NODE_A, new EventId(1), e), "a retried write is recognised");
        assertEquals(1, store.events().length("s1"));
    }

    @Test
    void appendingBelowTheTopAnIdNeverStoredIsRefused() {
        store.events().append("s1", NODE_A, new EventId(5), event("a", 1, null, Map.of()));
        JedisDataException refused = assertThrows(JedisDataException.class,
                () -> store.events().append("s1", NODE_A, new EventId(3), event("b", 1, null, Map.of())));
        assertTrue(refused.getMessage().startsWith(StoreScripts.ORDER_ERROR), refused.getMessage());
    }

    @Test
    void aCheckpointRoundTripsAndRestoreReplaysOnlyLaterEvents() {
        store.sessions().put(SessionRecord.created("s1", "fire-drill", "3", NODE_A, 1000));
        store.sessions().putParticipant("s1", participant("alice", "t-alice"));
        for (int i = 1; i <= 5; i++) {
            store.events().append("s1", NODE_A, new EventId(i), event("e", i, null, Map.of()));
        }
        byte[] world = new byte[70_000];
        for (int i = 0; i < world.length; i++) {
            world[i] = (byte) (i * 31);
        }
        Checkpoint checkpoint = new Checkpoint(300, new EventId(3), 2000, world);
        assertTrue(store.checkpoints().save("s1", NODE_A, checkpoint));
        assertEquals(Optional.of(checkpoint), store.checkpoints().latest("s1"));
        assertArrayEquals(world, store.checkpoints().latest("s1").orElseThrow().world(), "binary-safe");

        assertFalse(store.checkpoints().save("s1", NODE_A, new Checkpoint(200, new EventId(2), 2100, new byte[]{1})),
                "an older checkpoint never replaces a newer one");

        RestorePoint restore = store.restore("s1").orElseThrow();
        assertEquals(Optional.of(checkpoint), restore.checkpoint());
        assertEquals(List.of(4L, 5L), restore.eventsAfter().stream().map(e -> e.id().sequence()).toList());
        assertEquals(new EventId(5), restore.lastAppended());
        assertEquals(List.of("alice"), restore.participants().stream().map(Participant::id).toList());
        assertEquals("fire-drill", restore.session().scenarioId());
        assertEquals(Optional.empty(), store.restore("no-such-session"));
    }

    @Test
    void aLeaseIsExclusiveRenewableAndTakenOverOnlyAfterItExpires() {
        Leases leases = store.leases();
        assertTrue(leases.acquire("s1", NODE_A));
        assertFalse(leases.acquire("s1", NODE_B), "held");
        assertTrue(leases.renew("s1", NODE_A));
        assertFalse(leases.renew("s1", NODE_B), "only the holder renews");
        assertFalse(leases.release("s1", NODE_B), "only the holder releases");
        for (int i = 0; i < 4; i++) {
            RedisServerProcess.sleep(LEASE.toMillis() / 3);
            assertTrue(leases.renew("s1", NODE_A), "renewing keeps it past its first expiry");
        }
        assertEquals(Optional.of(NODE_A), leases.holder("s1"));

        RedisServerProcess.sleep(LEASE.toMillis() + 150);
        assertEquals(Optional.empty(), leases.holder("s1"), "expired without renewal");
        assertTrue(leases.acquire("s1", NODE_B), "another node takes over");
        assertFalse(leases.renew("s1", NODE_A), "the old owner cannot renew it back");

        JedisDataException fenced = assertThrows(JedisDataException.class,
                () -> store.events().append("s1", NODE_A, new EventId(1), event("late", 1, null, Map.of())));
        assertTrue(fenced.getMessage().startsWith("LEASE held by " + NODE_B), fenced.getMessage());
        assertEquals(0, store.events().length("s1"), "the old owner's write did not land");

        assertTrue(leases.release("s1", NODE_B));
        assertEquals(Optional.empty(), leases.holder("s1"));
    }

    @Test
    void keepingLeasesExtendsOwnRetakesLapsedAndNamesOtherHolders() {
        Leases leases = store.leases();
        assertTrue(leases.acquire("s1", NODE_A));
        assertTrue(leases.acquire("s3", NODE_B));
        Map<String, Leases.Kept> kept = leases.keepAll(List.of("s1", "s2", "s3"), NODE_A);
        assertEquals(new Leases.Kept(Leases.Kept.Outcome.KEPT, NODE_A), kept.get("s1"));
        assertEquals(new Leases.Kept(Leases.Kept.Outcome.RETAKEN, NODE_A), kept.get("s2"), "a lapsed lease is taken back");
        assertEquals(new Leases.Kept(Leases.Kept.Outcome.HELD_ELSEWHERE, NODE_B), kept.get("s3"));
        assertTrue(kept.get("s3").lost());
        assertEquals(Optional.of(NODE_A), leases.holder("s2"));
        assertEquals(Optional.of(NODE_B), leases.holder("s3"), "another node's lease is left alone");
        assertEquals(Map.of(), leases.keepAll(List.of(), NODE_A));
    }

    @Test
    void aWriteToASessionWhoseLeaseIsFreeTakesTheLease() {
        store.events().append("s1", NODE_A, new EventId(1), event("e", 1, null, Map.of()));
        assertEquals(Optional.of(NODE_A), store.leases().holder("s1"));
    }

    @Test
    void theDirectoryLocatesSessionsOnLiveNodesOnly() {
        SessionDirectory directory = store.directory();
        NodeInfo a = new NodeInfo(NODE_A, "10.0.0.1", 7777, 8080, 5000);
        directory.heartbeat(a);
        directory.heartbeat(new NodeInfo(NODE_B, "10.0.0.2", 7777, 8080, 5000));
        directory.claim("s1", NODE_A);
        directory.claim("s2", NODE_B);
        assertEquals(Optional.of(a), directory.locate("s1"));
        assertEquals(Map.of("s1", NODE_A, "s2", NODE_B), directory.sessions());
        assertEquals(List.of(NODE_A, NODE_B), directory.liveNodes().stream().map(NodeInfo::nodeId).sorted().toList());

        store.leases().acquire("s2", NODE_B);
        assertEquals(List.of("s1"), directory.unleased(), "s1 has no lease: a takeover candidate");

        for (int i = 0; i < 4; i++) {
            RedisServerProcess.sleep(150);
            directory.heartbeat(a);
        }
        assertEquals(List.of(NODE_A), directory.liveNodes().stream().map(NodeInfo::nodeId).toList(),
                "node-b stopped heartbeating");
        assertEquals(Optional.empty(), directory.locate("s2"));
        directory.leave(NODE_A);
        assertEquals(List.of(), directory.liveNodes());
        directory.remove("s1");
        assertEquals(Optional.empty(), directory.host("s1"));
    }

    @Test
    void participantsAreFoundByTheirCurrentResumeTokenOnly() {
        Participant alice = participant("alice", "token-1").withScore(40).withHeld(List.of("extinguisher"));
        store.sessions().putParticipant("s1", alice);
        store.sessions().putParticipant("s1", participant("bob", "token-b"));
        assertEquals(Optional.of(alice), store.sessions().findByResumeToken("s1", "token-1"));
        assertEquals(Optional.empty(), store.sessions().findByResumeToken("s1", "nope"));
        assertEquals(2, store.sessions().participants("s1").size());

        Participant rotated = new Participant("alice", alice.displayName(), alice.role(),
                Participant.hashResumeToken("token-2"), 40, alice.heldEntities(), alice.joinedAtMillis());
        store.sessions().putParticipant("s1", rotated);
        assertEquals(Optional.of(rotated), store.sessions().findByResumeToken("s1", "token-2"));
        assertEquals(Optional.empty(), store.sessions().findByResumeToken("s1", "token-1"), "the old token is dead");
    }

    @Test
    void endingASessionGivesEveryKeyTheRetentionTime() {
        seedSession("s1", SessionStatus.RUNNING);
        store.directory().claim("s1", NODE_A);
        store.end("s1", 9000);

        SessionRecord ended = store.sessions().get("s1").orElseThrow();
        assertEquals(SessionStatus.ENDED, ended.status());
        assertEquals(9000, ended.endedAtMillis());
        long retention = settings().retention().toMillis();
        for (String key : RedisKeys.sessionData("s1")) {
            long ttl = jedis.pttl(key);
            assertTrue(ttl > retention - 60_000 && ttl <= retention, key + " expires after the retention, was " + ttl);
        }
        long indexTtl = jedis.pttl(RedisKeys.personSessions("alice"));
        assertTrue(indexTtl > 0 && indexTtl <= retention, "the person index expires too, was " + indexTtl);
        assertEquals(Optional.empty(), store.directory().host("s1"));
        assertEquals(Optional.empty(), store.leases().holder("s1"));

        store.sessions().putParticipant("s2", participant("alice", "t2"));
        assertEquals(-1, jedis.pttl(RedisKeys.personSessions("alice")), "joining a new session keeps the index");
    }

    @Test
    void endedSessionsDisappearAfterTheRetention() {
        store = new SessionStore(connection(), settings().withRetention(Duration.ofMillis(300)));
        seedSession("s1", SessionStatus.RUNNING);
        store.end("s1", 9000);
        RedisServerProcess.sleep(600);
        for (String key : RedisKeys.sessionData("s1")) {
            assertFalse(jedis.exists(key), key + " expired");
        }
        assertFalse(jedis.exists(RedisKeys.personSessions("alice")));
    }

    @Test
    void privacyExportHoldsEverythingAboutOnePersonAndNothingElse() {
        seedSession("s1", SessionStatus.ENDED);
        seedSession("s2", SessionStatus.RUNNING);
        JsonNode export = store.privacy().export("alice", 42);
        assertEquals("alice", export.get("participantId").asText());
        assertEquals(2, export.get("sessions").size());
        JsonNode s1 = export.get("sessions").get(0);
        assertEquals("s1", s1.get("sessionId").asText());
        assertEquals("fire-drill", s1.get("session").get("scenarioId").asText());
        assertEquals("Name alice", s1.get("participant").get("displayName").asText());
        assertFalse(s1.get("participant").has("resumeTokenHash"), "a credential is not exported");
        List<String> types = new java.util.ArrayList<>();
        s1.get("events").forEach(e -> types.add(e.get("type").asText()));
        assertEquals(List.of("chat", "remove", "chat"), types, "her chats and the event naming her; not bob's grab");
        assertEquals("hi all", s1.get("events").get(0).get("data").get("text").asText());

        assertEquals(0, store.privacy().export("nobody", 42).get("sessions").size());
    }

    @Test
    void privacyForgetDeletesOnePersonAndKeepsEveryoneElse() {
        seedSession("s1", SessionStatus.ENDED);
        seedSession("s2", SessionStatus.RUNNING);
        jedis.hset(RedisKeys.proximity("s1"), java.util.Map.of("alice bob", "4000", "alice", "4000", "bob", "4000",
                "bob carol", "900"));
        jedis.rpush(RedisKeys.recording("s1").getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1, 2});
        jedis.rpush(RedisKeys.recording("s2").getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {3});
        ForgetReport report = store.privacy().forget("alice");
        assertEquals(List.of("s1", "s2"), report.sessions());
        assertEquals(List.of("s2"), report.liveSessions());
        assertEquals(6, report.eventsDeleted(), "per session: her two chats and the remove event naming her");
        assertEquals(1, report.checkpointsDeleted(), "only the ended session's checkpoint");
        assertEquals(1, report.recordingsDeleted(), "only the ended session's recording");
        assertEquals(java.util.Set.of("bob", "bob carol"), jedis.hkeys(RedisKeys.proximity("s1")),
                "her proximity totals are gone; others' stay");

        jedis.zadd(RedisKeys.xapiOutbox("s1"), 1, "{\"actor\":{\"account\":{\"name\":\"h-alice\"}},\"verb\":1}");
        jedis.zadd(RedisKeys.xapiOutbox("s1"), 2, "{\"actor\":{\"account\":{\"name\":\"h-bob\"}},\"verb\":1}");
        jedis.zadd(RedisKeys.xapiRejected("s1"), 3, "{\"actor\":{\"account\":{\"name\":\"h-alice\"}},\"verb\":2}");
        assertEquals(2, store.privacy().forgetStatements(List.of("s1", "s2"), "h-alice"));
        assertEquals(1, jedis.zcard(RedisKeys.xapiOutbox("s1")), "bob's statement still waits for the LRS");
        assertEquals(0, jedis.zcard(RedisKeys.xapiRejected("s1")));

        for (String sessionId : List.of("s1", "s2")) {
            assertEquals(Optional.empty(), store.sessions().participant(sessionId, "alice"));
            assertEquals(Optional.empty(), store.sessions().findByResumeToken(sessionId, "t-alice"));
            assertFalse(jedis.hvals(RedisKeys.resumeTokens(sessionId)).contains("alice"));
            List<StoredEvent> left = store.events().readAll(sessionId, EventId.NONE);
            assertTrue(left.stream().noneMatch(e -> e.event().concerns("alice")));
            assertEquals(List.of("grab"), left.stream().map(e -> e.event().type()).toList(), "bob's event stays");
            assertTrue(store.sessions().participant(sessionId, "bob").isPresent());
        }
        assertTrue(store.checkpoints().latest("s2").isPresent(), "a live session keeps its checkpoint");
        assertFalse(jedis.exists(RedisKeys.personSessions("alice")));
        assertEquals(0, store.privacy().export("alice", 1).get("sessions").size());
        assertEquals(new EventId(4), store.events().lastAppended("s1"), "deleted ids are never reused");

        ForgetReport again = store.privacy().forget("alice");
        assertEquals(0, again.eventsDeleted(), "forget is idempotent");
        assertEquals(List.of(), again.sessions());
    }

    /** A session with alice and bob: alice chats, bob grabs, the facilitator removes alice. */
    void seedSession(String sessionId, SessionStatus status) {
        store.sessions().put(new SessionRecord(sessionId, "fire-drill", "3", status, NODE_A, "evacuate", 600, 1000,
                status == SessionStatus.ENDED ? 5000 : 0));
        store.sessions().putParticipant(sessionId, participant("alice", "t-alice"));
        store.sessions().putParticipant(sessionId, participant("bob", "t-bob"));
        EventStream events = store.events();
        events.append(sessionId, NODE_A, new EventId(1), event("chat", 10, "alice", Map.of("text", "hi all")));
        events.append(sessionId, NODE_A, new EventId(2), event("grab", 20, "bob", Map.of("entity", "hose")));
        events.append(sessionId, NODE_A, new EventId(3), event("remove", 30, null, Map.of("participant", "alice")));
        events.append(sessionId, NODE_A, new EventId(4), event("chat", 40, "alice", Map.of("text", "bye")));
        store.checkpoints().save(sessionId, NODE_A, new Checkpoint(600, new EventId(4), 4000, new byte[]{7, 7}));
    }
}
