package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.client.bot.BotSwarm;
import ensemble.client.bot.BotWatch;
import ensemble.client.net.ConnectionOptions;
import ensemble.server.testing.CuttableProxy;
import ensemble.v1.ClientKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nodes whose own addresses clients cannot reach, behind one well-known address, as pods behind a
 * Kubernetes Service: the replacement node advertises an address where nothing answers for the
 * clients (so neither its Welcome hint nor the pushed node list helps), and the bots find their
 * session on it only through their {@code --bootstrap} address, a proxy standing in for the
 * Service. Nodes are separate JVMs on a real redis-server; the time is printed (target 5 s).
 */
class ServiceAddressFailoverIT extends NodesOnRedis {
    static final String PASSWORD = "service-console-password";

    @Test
    void botsWhoseKnownNodesAreAllUnreachableFindTheSessionThroughTheBootstrapAddress() throws Exception {
        startRedis(RedisKind.STANDALONE);
        NodeProcess n1 = NodeProcess.start("n1", redisUrl(), SECRET, CATALOG, dir, PASSWORD).awaitUp(60);
        // n2 listens on 127.0.0.1 but tells everyone it is at 127.0.0.9, where nothing answers
        NodeProcess n2 = NodeProcess.start("n2", redisUrl(), SECRET, CATALOG, dir, PASSWORD, "--public-host", "127.0.0.9");
        try (CuttableProxy service = new CuttableProxy(n2.awaitUp(60).controlPort());
             BotSwarm team = new BotSwarm(1)) {
            String token = login(n1.httpPort(), PASSWORD);
            JsonNode created = api(n1.httpPort(), token, "POST", "/api/sessions", "{\"scenario\":\"office-fire-evacuation\"}");
            String sessionId = created.path("id").asText();
            api(n1.httpPort(), token, "POST", "/api/sessions/" + sessionId + "/start", "{}");
            String serviceAddress = "127.0.0.1:" + service.port();
            ConnectionOptions template = ConnectionOptions.of("127.0.0.1", n1.controlPort(), "", "bot",
                    ClientKind.CLIENT_KIND_BOT).withBootstrap(List.of(serviceAddress))
                    .withTrust(ensemble.server.testing.TestTls.TRUST);
            BotWatch watch = new BotWatch(System.out, true);
            List<String> tokens = List.of(created.path("joinTokens").path("employee").asText());
            for (int i = 1; i <= 2; i++) {
                team.join("Bot " + i, tokens, template, false, i, watch.watch("Bot " + i));
            }
            List<String> ids = team.members().stream().map(m -> m.connection().welcome().getParticipantId()).toList();
            String unreachable = "127.0.0.9:" + n2.controlPort();
            eventually("the bots have heard of n2 at its unreachable address", 60, () -> team.members().stream()
                    .allMatch(m -> m.connection().knownNodes().contains(unreachable)));

            long killedAt = System.nanoTime();
            n1.kill();
            eventually("every bot is back through the service address", 60, () -> team.members().stream()
                    .allMatch(m -> m.connection().isConnected() && m.connection().endpoint().equals(serviceAddress)));
            System.out.printf("failover through the bootstrap address: 2 of 2 bots back %.2f s after the kill (target 5 s)%n",
                    (System.nanoTime() - killedAt) / 1e9);
            assertEquals(ids, team.members().stream().map(m -> m.connection().welcome().getParticipantId()).toList());
        } finally {
            n1.close();
            n2.close();
        }
    }
}
