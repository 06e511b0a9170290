package ensemble.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.proto.Protocol;
import ensemble.server.store.Participant;
import ensemble.server.store.RedisKeys;
import ensemble.server.testing.Api;
import ensemble.server.testing.Eventually;
import ensemble.server.testing.Http;
import ensemble.server.testing.RawControlClient;
import ensemble.server.testing.TestClient;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Secrets at rest and in sight, on the real server with its embedded redis-server: Redis holds
 * only hashes of resume tokens, a resume is checked against that hash, the embedded Redis wants
 * its per-start password and keeps its files to its owner, and /healthz never shows the password.
 */
class SecretsIT {
    @TempDir
    static Path dataDir;
    static EnsembleServer server;
    static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir));
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully();
        server.close();
    }

    @Test
    void redisHoldsOnlyTheHashOfAResumeTokenAndAResumeIsCheckedAgainstIt() throws Exception {
        JsonNode created = Api.postJson(server.httpPort(), "/api/sessions", "{\"id\":\"hashed\"}");
        String resumeToken;
        String participantId;
        try (TestClient client = new TestClient(group, TestClient.options(server.controlPort(),
                created.path("joinTokens").path("trainee").asText(), "Hana"))) {
            Welcome welcome = client.awaitWelcome();
            resumeToken = welcome.getResumeToken();
            participantId = welcome.getParticipantId();
            String hash = Participant.hashResumeToken(resumeToken);
            try (Jedis jedis = new Jedis(server.redisUrl())) {
                // A checkpoint follows every join; wait until one names the participant.
                Eventually.until("a checkpoint with the participant", () -> contains(
                        everyValue(jedis).get(RedisKeys.checkpoint("hashed")), participantId));
                Eventually.until("the participant record", () -> jedis.hget(RedisKeys.resumeTokens("hashed"), hash) != null);
                Map<String, byte[]> everything = everyValue(jedis);
                for (Map.Entry<String, byte[]> entry : everything.entrySet()) {
                    assertFalse(contains(entry.getValue(), resumeToken), "the raw resume token is in " + entry.getKey());
                    assertFalse(entry.getKey().contains(resumeToken), "the raw resume token names a key");
                }
                assertTrue(everything.values().stream().anyMatch(v -> contains(v, hash)), "its hash is stored");
            }
            // A resume with a token signed for the same participant, but not the one issued, is
            // refused; the issued one is accepted (and takes the participant over from the client).
            String forged = server.sessions().context().signer().resume("hashed", participantId);
            assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, hello(forged).getError().getCode());
            ServerMessage resumed = hello(resumeToken);
            assertTrue(resumed.hasWelcome(), resumed.toString());
            assertEquals(participantId, resumed.getWelcome().getParticipantId());
            assertEquals(resumeToken, resumed.getWelcome().getResumeToken(), "the same token stays valid");
        }
    }

    private static ServerMessage hello(String resumeToken) throws Exception {
        try (RawControlClient raw = new RawControlClient(server.controlPort())) {
            raw.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                    .setResumeToken(resumeToken).setClientKind(ClientKind.CLIENT_KIND_BOT)).build());
            return raw.receive();
        }
    }

    @Test
    void theEmbeddedRedisWantsItsPasswordAndKeepsItsFilesToItsOwner() throws Exception {
        String password = server.redisUrl().getUserInfo().substring(1);
        assertTrue(password.length() >= 32, "a long random password");
        try (Jedis anonymous = new Jedis("127.0.0.1", server.embeddedRedis().port())) {
            String refusal = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, anonymous::ping).getMessage();
            assertTrue(refusal.contains("NOAUTH"), refusal);
        }
        Path redisDir = dataDir.resolve("redis");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(redisDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(redisDir.resolve("ensemble-redis.conf"))));
        String commandLine = String.join(" ", ProcessHandle.of(server.embeddedRedis().pid()).orElseThrow().info()
                .arguments().orElse(new String[0]));
        assertFalse(commandLine.contains(password), "the password is not on redis-server's command line");

        String health = Http.get(server.httpPort(), "/healthz").body();
        assertFalse(health.contains(password), health);
        assertTrue(health.contains("redis://:***@127.0.0.1:" + server.embeddedRedis().port()), health);
        assertFalse(server.config().toString().contains(server.config().secret()), "config text masks the secret");
    }

    /** Every key of the embedded Redis with its value (all fields, members, entries) as bytes. */
    static Map<String, byte[]> everyValue(Jedis jedis) {
        Map<String, byte[]> all = new java.util.TreeMap<>();
        for (String key : jedis.keys("*")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            switch (jedis.type(key)) {
                case "string" -> out.writeBytes(jedis.get(k));
                case "hash" -> jedis.hgetAll(k).forEach((f, v) -> {
                    out.writeBytes(f);
                    out.writeBytes(v);
                });
                case "list" -> jedis.lrange(k, 0, -1).forEach(out::writeBytes);
                case "set" -> jedis.smembers(k).forEach(out::writeBytes);
                case "zset" -> jedis.zrange(k, 0, -1).forEach(out::writeBytes);
                case "stream" -> {
                    for (StreamEntry entry : jedis.xrange(key, (StreamEntryID) null, (StreamEntryID) null)) {
                        entry.getFields().forEach((f, v) -> out.writeBytes((f + "=" + v).getBytes(StandardCharsets.UTF_8)));
                    }
                }
                default -> throw new AssertionError("unexpected type of " + key);
            }
            all.put(key, out.toByteArray());
        }
        return all;
    }

    static boolean contains(byte[] haystack, String needle) {
        return haystack != null && new String(haystack, StandardCharsets.ISO_8859_1).contains(
                new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }
}
