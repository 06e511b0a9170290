package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.testing.Api;
import ensemble.server.testing.TestClient;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Nothing a session writes stays in Redis for ever: every key of a session that ended, and of one
 * deleted before its report ran (no LRS configured), expires with the retention time or is gone,
 * recording and proximity included; and a session nobody is connected to stops recording after
 * the resume grace. One node on a real redis-server.
 */
class SessionRetentionIT {
    private static final Path CATALOG = Path.of("../scenarios/catalog").toAbsolutePath().normalize();
    private static final HttpClient HTTP = ensemble.server.testing.TestTls.httpClient().build();

    @TempDir
    Path dir;
    RedisServerProcess redis;
    EventLoopGroup group;
    EnsembleServer node;
    Jedis jedis;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start(dir.resolve("redis"));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        node = EnsembleServer.start(ServerConfig.forTests(dir.resolve("node")).toBuilder()
                .redis(URI.create(redis.url()), ServerConfig.RedisBinary.AUTO).nodeId("node-r")
                .resumeGrace(Duration.ofSeconds(1)).scenarioDir(CATALOG).build());
        jedis = new Jedis("127.0.0.1", redis.port());
    }

    @AfterEach
    void stop() {
        jedis.close();
        node.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        redis.close();
    }

    @Test
    void everyKeyOfAnEndedAndOfADeletedSessionExpiresOrIsGone() throws Exception {
        String ended = runWithTwoPeople();
        Api.postJson(node.httpPort(), "/api/sessions/" + ended + "/end", "{}");
        String deleted = runWithTwoPeople();
        HttpResponse<String> gone = HTTP.send(HttpRequest.newBuilder(ensemble.server.testing.TestTls.https(node.httpPort(),
                "/api/sessions/" + deleted)).header("Authorization", Api.FACILITATOR).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(2, gone.statusCode() / 100, gone.body());

        for (String id : List.of(ended, deleted)) {
            eventually("every key of " + id + " expires: " + withoutExpiry(id), () -> withoutExpiry(id).isEmpty());
            Set<String> keys = new TreeSet<>(jedis.keys("ens:{" + id + "}:*"));
            assertTrue(keys.contains(RedisKeys.events(id)) && keys.contains(RedisKeys.recording(id)),
                    "the session did leave data behind to expire: " + keys);
        }
    }

    @Test
    void aSessionNobodyIsConnectedToStopsRecordingAfterTheGrace() throws Exception {
        JsonNode created = Api.postJson(node.httpPort(), "/api/sessions", "{\"scenario\":\"office-fire-evacuation\"}");
        String id = created.path("id").asText();
        try (TestClient warden = new TestClient(group, TestClient.options(node.controlPort(),
                created.path("joinTokens").path("warden").asText(), "Wanda"))) {
            warden.awaitWelcome();
            eventually("the session is recorded", () -> jedis.llen(RedisKeys.recording(id)) > 10);
        }
        // Nobody is connected now: after the one-second grace the recording must stop growing.
        eventually("the recording stopped growing", () -> steady(RedisKeys.recording(id)));
        long length = jedis.llen(RedisKeys.recording(id));
        int tick = node.sessions().find(id).currentTick();
        eventually("the session ticked on for two more seconds", () -> node.sessions().find(id).currentTick() >= tick + 120);
        assertEquals(length, jedis.llen(RedisKeys.recording(id)), "no frame of an empty session");
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** True when the list has not grown over 30 ticks of the session (half a second at 60 Hz). */
    private boolean steady(String key) {
        long before = jedis.llen(key);
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return jedis.llen(key) == before;
    }

    /** A scenario session two people joined, started, talked in and let run until all its kinds of data exist. */
    private String runWithTwoPeople() throws Exception {
        JsonNode created = Api.postJson(node.httpPort(), "/api/sessions", "{\"scenario\":\"office-fire-evacuation\"}");
        String id = created.path("id").asText();
        // Two employees: they spawn at one point, so the proximity sampler records them together.
        try (TestClient colleague = new TestClient(group, TestClient.options(node.controlPort(),
                created.path("joinTokens").path("employee").asText(), "Carla"));
             TestClient employee = new TestClient(group, TestClient.options(node.controlPort(),
                     created.path("joinTokens").path("employee").asText(), "Emil"))) {
            colleague.awaitWelcome();
            employee.awaitWelcome();
            Api.postJson(node.httpPort(), "/api/sessions/" + id + "/start", "{}");
            employee.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("Fire! By the printer!")).build());
            eventually("events, recording and proximity are stored", () -> jedis.exists(RedisKeys.events(id))
                    && jedis.llen(RedisKeys.recording(id)) > 0 && jedis.exists(RedisKeys.proximity(id)));
        }
        return id;
    }

    /** Keys of the session, and person indexes of its participants, that have no expiry. */
    private List<String> withoutExpiry(String id) {
        List<String> keys = new ArrayList<>(jedis.keys("ens:{" + id + "}:*"));
        for (String participant : jedis.hkeys(RedisKeys.participants(id))) {
            keys.add(RedisKeys.personSessions(participant));
        }
        List<String> forever = new ArrayList<>();
        for (String key : keys) {
            if (jedis.pttl(key) == -1) {
                forever.add(key);
            }
        }
        return forever;
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
