package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.EnsembleServer;
import ensemble.server.session.EventLog;
import ensemble.server.session.Session;
import ensemble.server.store.StoredEvent;
import ensemble.server.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Redis stopped for ten seconds: the session never stops and the stream stays complete, on each kind of Redis. */
class RedisOutageIT extends NodesOnRedis {
    @ParameterizedTest
    @EnumSource(RedisKind.class)
    void whenRedisStopsForTenSecondsTheSessionGoesOnAndTheStreamStaysComplete(RedisKind kind) throws Exception {
        startRedis(kind);
        try (EnsembleServer node = node("node-o")) {
            Session session = node.sessions().create(ensemble.server.scenario.SceneBuilder.from(
                    node.scenarios().find("office-fire-evacuation").orElseThrow()), null, true);
            var signer = node.sessions().context().signer();
            try (TestClient warden = new TestClient(group, TestClient.options(node.controlPort(),
                    signer.join(session.id(), session.generation(), "warden", ensemble.server.session.TokenSigner.Kind.PARTICIPANT, 600), "Wanda"))) {
                warden.awaitWelcome();
                stepStarted(warden, "discover");
                say(warden, "line 0");
                Thread.sleep(300);

                redis.stop().run();
                long stoppedAt = System.nanoTime();
                int sent = 1;
                int tickBefore = warden.newestTick();
                boolean sawDegraded = false;
                while (System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(10)) {
                    say(warden, "line " + sent++);
                    Thread.sleep(600);
                    sawDegraded |= healthStatus(node).equals("degraded");
                }
                assertTrue(sawDegraded, "health says degraded while Redis is away");
                assertTrue(warden.newestTick() > tickBefore + 300, "the session kept running and sending snapshots");
                assertTrue(warden.connection().isConnected());
                redis.restart().run();

                eventually("the buffered events reach Redis", 20, () -> {
                    try {
                        return stream(session.id()).size() >= onTick(session, s -> s.events().since(0).size());
                    } catch (Exception e) {
                        return false;
                    }
                });
                List<EventLog.Event> inMemory = onTick(session, s -> s.events().since(0));
                List<StoredEvent> stored = stream(session.id());
                assertEquals(inMemory.size(), stored.size(), "every event, no duplicates");
                List<String> chatLines = new ArrayList<>();
                for (int i = 0; i < stored.size(); i++) {
                    assertEquals(inMemory.get(i).type(), stored.get(i).event().type(), "same order at " + i);
                    assertEquals(inMemory.get(i).tick(), stored.get(i).event().tick(), "same order at " + i);
                    if (stored.get(i).event().type().equals("chat")) {
                        chatLines.add(stored.get(i).event().data().get("text"));
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < sent; i++) {
                    expected.add("line " + i);
                }
                assertEquals(expected.subList(0, chatLines.size()), chatLines, "chat lines in order");
                assertNotNull(session);
                eventually("health is up again", 10, () -> healthStatus(node).equals("up"));
            }
        }
    }
}
