package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.EnsembleServer;
import ensemble.server.session.ScenarioDriver;
import ensemble.server.session.Session;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStatus;
import ensemble.server.store.StoredEvent;
import ensemble.server.testing.Api;
import ensemble.server.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a takeover keeps, on real processes: node A runs in a JVM of its own and is killed with
 * SIGKILL or stopped with SIGTERM; node B, in this JVM, takes the session over from one real
 * redis-server. The scenario ({@code takeover-scenarios/timed-drill}) rings an alarm two seconds
 * in, which sends a message, sets a variable and scores.
 */
class TakeoverFailoverIT extends TakeoverHarness {
    @Test
    void aTimedTriggerAndItsScoreHappenOnceAcrossAKillTicksGoOnAndTheHistoryStaysWhole() throws Exception {
        try (EnsembleServer nodeB = inProcessNode("node-b");
             NodeProcess nodeA = processNode("node-a")) {
            String sessionId = startDrill(nodeA);
            try (TestClient trainee = joinKnowingOf(group, nodeA, sessionId, nodeB)) {
                say(trainee, "waiting for the alarm");
                eventually("the alarm rang on node A and its points are stored", () -> count(stream(sessionId), "trigger") == 1
                        && count(stream(sessionId), "score") == 1);
                eventually("the record names node A as owner", () -> record(sessionId).ownerNode().equals("node-a"));
                int tickBefore = trainee.newestTick();
                long lastTickBefore = stream(sessionId).stream().mapToLong(e -> e.event().tick()).max().orElseThrow();

                long killedAt = System.nanoTime();
                nodeA.kill();
                eventually("node B hosts the session", () -> nodeB.sessions().find(sessionId) != null);
                System.out.printf("takeover after SIGKILL: %.2f s%n", (System.nanoTime() - killedAt) / 1e9);
                eventually("the trainee is back", () -> trainee.connection().isConnected()
                        && trainee.newestTick() > tickBefore);

                Session session = nodeB.sessions().find(sessionId);
                // Past the moment a restore from the start's checkpoint would ring the alarm again.
                eventually("the scenario ran on past the alarm on node B", () -> scenarioMillis(session) > 5_000);
                say(trainee, "after the takeover");
                eventually("the new line is stored", () -> stream(sessionId).stream()
                        .anyMatch(e -> e.event().data().getOrDefault("text", "").equals("after the takeover")));

                List<StoredEvent> events = stream(sessionId);
                assertEquals(1, count(events, "trigger"), "the alarm rang once: " + types(events));
                assertEquals(1, count(events, "score"), "its points were given once");
                assertEquals(5, (int) onTick(session, s -> ((ScenarioDriver) s.scenario()).runtime().scores().team()));
                for (int i = 1; i < events.size(); i++) {
                    assertTrue(events.get(i).event().tick() >= events.get(i - 1).event().tick(),
                            "ticks never go back: " + events.get(i - 1) + " then " + events.get(i));
                }
                assertTrue(onTick(session, Session::tickNumber) > lastTickBefore, "node B ticks on above node A");

                JsonNode report = Api.getJson(nodeB.httpPort(), "/api/sessions/" + sessionId + "/report");
                assertEquals(1, awards(report, "reaction"), "the report shows the points once: " + report);

                JsonNode history = Api.getJson(nodeB.httpPort(), "/api/sessions/" + sessionId + "/events");
                List<String> texts = new ArrayList<>();
                history.path("events").forEach(e -> texts.add(e.path("data").path("text").asText()));
                assertTrue(texts.contains("waiting for the alarm"), "the history from node A is there: " + history);
                assertTrue(texts.contains("after the takeover"));
                assertEquals(events.size(), history.path("events").size(), "the whole stream, once each");

                eventually("the record names node B as owner, running", () -> {
                    SessionRecord now = record(sessionId);
                    return now.ownerNode().equals("node-b") && now.status() == SessionStatus.RUNNING;
                });
            }
        }
    }

    @Test
    void aGracefulStopSavesAFinalCheckpointSoNothingIsReplayed() throws Exception {
        try (EnsembleServer nodeB = inProcessNode("node-b");
             NodeProcess nodeA = processNode("node-a")) {
            String sessionId = startDrill(nodeA);
            try (TestClient trainee = joinKnowingOf(group, nodeA, sessionId, nodeB)) {
                eventually("the alarm rang on node A", () -> count(stream(sessionId), "trigger") == 1);
                for (int i = 0; i < 5; i++) {
                    say(trainee, "line " + i);
                }
                eventually("the lines are stored", () -> count(stream(sessionId), "chat") == 5);

                long stoppedAt = System.nanoTime();
                nodeA.stop();
                eventually("node B hosts the session", () -> nodeB.sessions().find(sessionId) != null);
                System.out.printf("takeover after SIGTERM: %.2f s%n", (System.nanoTime() - stoppedAt) / 1e9);

                // Node B writes events of its own (the trainee's resume) as soon as it hosts the session, so the
                // stream's tail is no measure of node A: node B counts what it had to take in after the checkpoint.
                var afterCheckpoint = nodeB.metrics().get("ensemble.takeover.events.after.checkpoint").summary();
                eventually("node B has counted its takeover", () -> afterCheckpoint.count() == 1);
                assertEquals(0.0, afterCheckpoint.totalAmount(),
                        "node A's final checkpoint includes every event it stored, so nothing is taken in after it");
                eventually("the trainee is back", () -> trainee.connection().isConnected());
                assertEquals(1, count(stream(sessionId), "trigger"));
            }
        }
    }

    /**
     * Takeover time over several SIGKILLs in a row, every node a process of its own; prints each
     * and the median and maximum. {@code -Dtakeover.runs=N} (default 1).
     */
    @Test
    void takeoverTimeAfterSigkillOverSeveralRuns() throws Exception {
        int runs = Integer.getInteger("takeover.runs", 1);
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            nodes.add(processNode("node-1"));
            nodes.add(processNode("node-2"));
            String sessionId = startDrill(nodes.get(0));
            List<Double> seconds = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                String owner = host(sessionId);
                NodeProcess victim = nodes.stream().filter(n -> n.id().equals(owner)).findFirst().orElseThrow();
                eventually("a checkpoint by " + owner, () -> record(sessionId).ownerNode().equals(owner));
                long killedAt = System.nanoTime();
                victim.kill();
                eventually("another node hosts the session", () -> !owner.equals(host(sessionId)));
                seconds.add((System.nanoTime() - killedAt) / 1e9);
                nodes.remove(victim);
                nodes.add(processNode("node-" + (run + 3)));
            }
            List<Double> sorted = seconds.stream().sorted().toList();
            System.out.printf("takeover after SIGKILL over %d runs: %s; p50 %.2f s, max %.2f s%n", runs, seconds,
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
            assertTrue(sorted.get(sorted.size() - 1) < 10, "every takeover within 10 s: " + seconds);
        } finally {
            nodes.forEach(NodeProcess::close);
        }
    }
}
