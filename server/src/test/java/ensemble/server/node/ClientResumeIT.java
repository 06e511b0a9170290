package ensemble.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.EnsembleServer;
import ensemble.server.session.Session;
import ensemble.server.testing.CuttableProxy;
import ensemble.server.testing.TestClient;
import ensemble.v1.ScenarioEvent;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A client cut off from its node for ten seconds resumes with its identity and score, on each kind of Redis. */
class ClientResumeIT extends NodesOnRedis {
    @ParameterizedTest
    @EnumSource(RedisKind.class)
    void aClientCutOffForTenSecondsResumesWithItsIdAndScore(RedisKind kind) throws Exception {
        startRedis(kind);
        try (EnsembleServer node = node("node-r");
             CuttableProxy proxy = new CuttableProxy(node.controlPort())) {
            Session session = node.sessions().create(ensemble.server.scenario.SceneBuilder.from(
                    node.scenarios().find("office-fire-evacuation").orElseThrow()), null, true);
            var signer = node.sessions().context().signer();
            try (TestClient warden = new TestClient(group, TestClient.options(proxy.port(),
                    signer.join(session.id(), session.generation(), "warden", ensemble.server.session.TokenSigner.Kind.PARTICIPANT, 600), "Wanda"))) {
                String id = warden.awaitWelcome().getParticipantId();
                stepStarted(warden, "discover");
                say(warden, "Fire!");
                warden.await(m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == ScenarioEvent.Kind.KIND_SCORE,
                        Duration.ofSeconds(5));

                proxy.cut();
                eventually("the client notices", 5, () -> !warden.connection().isConnected());
                Thread.sleep(10_000);
                assertFalse(warden.connection().isConnected(), "still cut off after ten seconds");
                proxy.restore();
                eventually("the client resumes", 10, () -> warden.connection().isConnected());
                assertEquals(id, warden.connection().welcome().getParticipantId());
                assertTrue(warden.connection().welcome().getResumed());
                assertEquals(10, (int) onTick(session, s -> s.participantList().stream()
                        .filter(p -> p.id().equals(id)).findFirst().orElseThrow().score()));
            }
        }
    }
}
