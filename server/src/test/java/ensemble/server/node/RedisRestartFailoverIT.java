package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.EnsembleServer;
import ensemble.server.store.RedisKeys;
import ensemble.server.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis restarts empty under a running deployment: the node that hosts a session finds its
 * registrations gone and writes them again (directory entry, session record, participants, person
 * index, a fresh checkpoint), so that when it is then killed another node still takes the session
 * over. Node A is a JVM of its own, node B runs here, on one real redis-server.
 */
class RedisRestartFailoverIT extends TakeoverHarness {
    @Test
    void afterAnEmptyRedisRestartTheOwnerRegistersAgainAndAKillStillMovesTheSession() throws Exception {
        try (EnsembleServer nodeB = inProcessNode("node-b");
             NodeProcess nodeA = processNode("node-a")) {
            String sessionId = startDrill(nodeA);
            try (TestClient trainee = joinKnowingOf(group, nodeA, sessionId, nodeB)) {
                String participant = trainee.awaitWelcome().getParticipantId();
                try (Jedis before = new Jedis("127.0.0.1", redis.port())) {
                    eventually("the session is registered",
                            () -> "node-a".equals(before.hget(RedisKeys.directory(), sessionId))
                                    && before.exists(RedisKeys.checkpoint(sessionId)));
                }

                restartEmpty();
                Jedis jedis = new Jedis("127.0.0.1", redis.port());

                eventually("node A registered everything again", () ->
                        "node-a".equals(jedis.hget(RedisKeys.directory(), sessionId))
                                && jedis.exists(RedisKeys.sessionRecord(sessionId))
                                && jedis.hexists(RedisKeys.participants(sessionId), participant)
                                && jedis.sismember(RedisKeys.personSessions(participant), sessionId)
                                && jedis.exists(RedisKeys.checkpoint(sessionId)));
                assertTrue(reregistered(nodeA) >= 1, "the metric counts it");
                assertTrue(nodeA.output().contains("Redis has lost the registration"), "and the log says so");

                nodeA.kill();
                eventually("node B took the session over", () -> nodeB.sessions().find(sessionId) != null);
                eventually("the trainee is back", () -> trainee.connection().isConnected());
                jedis.close();
            }
        }
    }

    /** Stops redis-server, deletes its data, starts it again on the same port. */
    private void restartEmpty() {
        redis.stop();
        try (Stream<Path> files = Files.walk(dir.resolve("redis"))) {
            files.sorted(Comparator.reverseOrder())
                    .filter(p -> !p.equals(dir.resolve("redis")) && !p.getFileName().toString().endsWith(".log")
                            && !p.getFileName().toString().endsWith(".out"))
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        redis.start();
    }

    private static double reregistered(NodeProcess node) throws Exception {
        String metrics = ensemble.server.testing.TestTls.httpClient().build().send(java.net.http.HttpRequest.newBuilder(
                ensemble.server.testing.TestTls.https(node.httpPort(), "/metrics"))
                .header("Authorization", ensemble.server.testing.Api.FACILITATOR).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("ensemble_store_sessions_reregistered_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
