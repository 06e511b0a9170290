package ensemble.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.session.Session;
import ensemble.server.testing.Api;
import ensemble.server.testing.TestClient;
import ensemble.v1.ClientMessage;
import ensemble.v1.Grab;
import ensemble.v1.Hand;
import ensemble.v1.ParticipantEvent;
import ensemble.v1.ServerMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client whose connection drops resumes on the same node with its identity and what it held.
 * (Resuming across nodes: {@code ensemble.server.node.ClientResumeIT} and the failover tests.)
 */
class DroppedClientResumeIT extends OneServer {
    @Test
    void droppedClientResumesWithItsIdentityAndWhatItHeld() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient a = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Ada"));
             TestClient b = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Bo"))) {
            var welcome = a.awaitWelcome();
            b.awaitWelcome();
            a.setHead(0, 1.65f, 0.1f);
            a.setRightHand(0, 0.9f, 0.6f);
            Thread.sleep(400);
            a.send(ClientMessage.newBuilder().setGrab(Grab.newBuilder().setRequestId(1).setEntityId("box")
                    .setHand(Hand.HAND_RIGHT)).build());
            assertTrue(a.await(ServerMessage::hasGrabResult, Duration.ofSeconds(5)).getGrabResult().getGranted());

            a.connection().simulateDrop();
            b.await(m -> m.hasParticipantEvent()
                    && m.getParticipantEvent().getKind() == ParticipantEvent.Kind.KIND_DISCONNECTED, Duration.ofSeconds(5));
            b.await(m -> m.hasParticipantEvent()
                    && m.getParticipantEvent().getKind() == ParticipantEvent.Kind.KIND_RESUMED, Duration.ofSeconds(10));
            eventually("A resumed", () -> a.connection().isConnected() && a.connection().welcome().getResumed());
            assertEquals(welcome.getParticipantId(), a.connection().welcome().getParticipantId());
            assertEquals(welcome.getParticipantIndex(), a.connection().welcome().getParticipantIndex());
            var detail = Api.getJson(server.httpPort(), "/api/sessions/" + session.id());
            assertEquals(welcome.getParticipantId(), detail.path("entities").get(0).path("holder").asText(),
                    "the box is still held by the resumed participant");
            assertEquals(2, detail.path("participants").size());
            int before = a.newestTick();
            eventually("A receives snapshots again", () -> a.newestTick() > before + 10);
        }
    }
}
