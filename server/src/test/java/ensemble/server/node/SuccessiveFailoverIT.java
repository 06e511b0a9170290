package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.client.bot.BotSwarm;
import ensemble.client.bot.BotWatch;
import ensemble.client.net.ConnectionOptions;
import ensemble.v1.ClientKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Bots follow their session through three successive node crashes, the second and third onto
 * nodes started later on new ports that the bots never saw in a Welcome: they learn them from the
 * node list their node pushes, and any live node redirects them to the owner. Nodes are separate
 * JVMs killed with SIGKILL, on a real redis-server.
 *
 * <p>The product target is every client back within 5 s of each crash; the limits asserted here
 * are generous so that a busy machine cannot fail the test, and the measured times are printed
 * ({@code failover N: ...}) for the record.
 */
class SuccessiveFailoverIT extends NodesOnRedis {
    static final String PASSWORD = "failover-console-password";
    static final int BOTS = 4;

    @Test
    void botsFollowTheirSessionThroughThreeCrashesOntoNodesOnNewPorts() throws Exception {
        startRedis(RedisKind.STANDALONE);
        List<NodeProcess> nodes = new ArrayList<>();
        try (BotSwarm team = new BotSwarm(1)) {
            NodeProcess owner = started(nodes, "n1");
            NodeProcess next = started(nodes, "n2");
            String token = login(owner.httpPort(), PASSWORD);
            JsonNode created = api(owner.httpPort(), token, "POST", "/api/sessions", "{\"scenario\":\"office-fire-evacuation\"}");
            String sessionId = created.path("id").asText();
            api(owner.httpPort(), token, "POST", "/api/sessions/" + sessionId + "/start", "{}");
            List<String> roleTokens = List.of(created.path("joinTokens").path("warden").asText(),
                    created.path("joinTokens").path("employee").asText());
            ConnectionOptions template = ConnectionOptions.of("127.0.0.1", owner.controlPort(), "", "bot",
                    ClientKind.CLIENT_KIND_BOT).withTrust(ensemble.server.testing.TestTls.TRUST);
            BotWatch watch = new BotWatch(System.out, true);
            for (int i = 1; i <= BOTS; i++) {
                team.join("Bot " + i, roleTokens, template, false, i, watch.watch("Bot " + i));
            }
            List<String> ids = team.members().stream().map(m -> m.connection().welcome().getParticipantId()).toList();
            assertEquals(List.of("warden", "employee", "employee", "employee"),
                    team.members().stream().map(m -> m.connection().welcome().getRole()).toList(),
                    "a full role moves the next bot on to the next token");

            List<String> figures = new ArrayList<>();
            for (int failover = 1; failover <= 3; failover++) {
                if (failover > 1) {
                    next = started(nodes, "n" + (failover + 1)); // a replacement on a port nobody has seen
                }
                String target = next.endpoint();
                eventually("every bot has heard of " + target, 60, () -> team.members().stream()
                        .allMatch(m -> m.connection().knownNodes().contains(target)));
                // A participant whose join the owner never stored is gone with it: crash only once all are stored.
                eventually("every bot's participant is stored", 60,
                        () -> storedParticipants(sessionId).containsAll(ids));
                long[] before = team.members().stream().mapToLong(m -> m.connection().snapshotsReceived()).toArray();

                long killedAt = System.nanoTime();
                owner.kill();
                eventually("every bot is back on " + target, 60, () -> team.members().stream()
                        .allMatch(m -> m.connection().isConnected() && m.connection().endpoint().equals(target)));
                double back = (System.nanoTime() - killedAt) / 1e9;
                eventually("every bot receives snapshots again", 60, () -> {
                    for (int i = 0; i < BOTS; i++) {
                        if (team.members().get(i).connection().snapshotsReceived() <= before[i] + 1) {
                            return false;
                        }
                    }
                    return true;
                });
                double snapshots = (System.nanoTime() - killedAt) / 1e9;
                String figure = String.format(Locale.ROOT, "failover %d (%s killed, %s took over): %d of %d bots back"
                        + " in %.2f s, receiving snapshots in %.2f s (target 5 s)", failover, owner.id(), next.id(),
                        BOTS, BOTS, back, snapshots);
                System.out.println(figure);
                figures.add(figure);

                assertEquals(ids, team.members().stream().map(m -> m.connection().welcome().getParticipantId()).toList(),
                        "every bot kept its identity");
                assertTrue(team.members().stream().allMatch(m -> m.connection().welcome().getResumed()));
                owner = next;
            }
            System.out.println(String.join(System.lineSeparator(), figures));
        } finally {
            nodes.forEach(NodeProcess::close);
        }
    }

    NodeProcess started(List<NodeProcess> nodes, String id) throws InterruptedException {
        NodeProcess node = NodeProcess.start(id, redisUrl(), SECRET, CATALOG, dir, PASSWORD);
        nodes.add(node);
        return node.awaitUp(60);
    }
}
