package ensemble.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.bot.BotSwarm;
import ensemble.client.net.ConnectionOptions;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.TokenSigner;
import ensemble.server.testing.Api;
import ensemble.server.testing.TestClient;
import ensemble.server.world.Scene;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Grab;
import ensemble.v1.GrabResult;
import ensemble.v1.Hand;
import ensemble.v1.ServerMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real server, real sockets, real client network core: the sync behaviours of the issue. */
class SyncIT extends OneServer {
    static PoseQuantizer quantizer() {
        return new PoseQuantizer(-10, 0, -10, 10, 4, 10);
    }

    /** Head x of avatar {@code index} in a client's newest frame, in metres, or NaN when not in view. */
    static float headX(TestClient client, int index) {
        Frame frame = client.newestFrame();
        int slot = frame.findAvatar(index);
        return slot < 0 ? Float.NaN : quantizer().dequantizeX(frame.avatarPosition(slot, Frame.HEAD, 0));
    }

    @Test
    void participantsSeeEachOtherMove() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient a = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Ada"));
             TestClient b = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Bo"))) {
            int ia = a.awaitWelcome().getParticipantIndex();
            int ib = b.awaitWelcome().getParticipantIndex();
            a.setHead(1, 1.65f, 1);
            eventually("B sees A at x=1", () -> Math.abs(headX(b, ia) - 1f) < 0.002f);
            a.setHead(2.5f, 1.65f, 1);
            eventually("B sees A move to x=2.5", () -> Math.abs(headX(b, ia) - 2.5f) < 0.002f);
            b.setHead(-3, 1.65f, 0);
            eventually("A sees B at x=-3", () -> Math.abs(headX(a, ib) + 3f) < 0.002f);
            assertTrue(Float.isNaN(headX(a, ia)), "a client is not sent its own avatar");
            eventually("both on UDP", () -> a.connection().usingUdp() && b.connection().usingUdp());
            // Snapshots carry the tick phase, so the clients time their inputs to the server's ticks.
            eventually("inputs paced to the ticks", () -> a.connection().pacingInputs() && b.connection().pacingInputs());
        }
    }

    @Test
    void grabConflictHasExactlyOneWinnerAndTheHeldBoxFollowsTheHand() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient a = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Ada"));
             TestClient b = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Bo"))) {
            String idA = a.awaitWelcome().getParticipantId();
            String idB = b.awaitWelcome().getParticipantId();
            for (TestClient c : List.of(a, b)) {
                c.setHead(0, 1.65f, 0.1f);
                c.setRightHand(0, 0.9f, 0.6f);
            }
            Thread.sleep(500); // poses reach the server
            ClientMessage grab = ClientMessage.newBuilder()
                    .setGrab(Grab.newBuilder().setRequestId(1).setEntityId("box").setHand(Hand.HAND_RIGHT)).build();
            a.send(grab);
            b.send(grab);
            GrabResult ra = a.await(ServerMessage::hasGrabResult, Duration.ofSeconds(5)).getGrabResult();
            GrabResult rb = b.await(ServerMessage::hasGrabResult, Duration.ofSeconds(5)).getGrabResult();
            assertTrue(ra.getGranted() ^ rb.getGranted(), "exactly one grab is granted");
            GrabResult lost = ra.getGranted() ? rb : ra;
            TestClient winner = ra.getGranted() ? a : b;
            TestClient loser = ra.getGranted() ? b : a;
            assertEquals(ErrorCode.ERROR_CODE_ALREADY_HELD, lost.getReason());
            assertEquals(ra.getGranted() ? idA : idB, lost.getHolderId());

            winner.setRightHand(0.4f, 1.3f, 0.5f);
            PoseQuantizer q = quantizer();
            eventually("the box follows the winner's hand in the loser's view", () -> {
                Frame frame = loser.newestFrame();
                int slot = frame.findEntity(0);
                return slot >= 0 && Math.abs(q.dequantizeX(frame.entityPosition(slot, 0)) - 0.4f) < 0.01f
                        && Math.abs(q.dequantizeY(frame.entityPosition(slot, 1)) - 1.3f) < 0.01f;
            });
        }
    }

    @Test
    void udpBlockedFallsBackToTcp(@TempDir Path otherData) throws Exception {
        // Clients are told to send UDP to 127.0.0.2, where nothing listens: the UDP path is blocked.
        ServerConfig config = ServerConfig.forTests(otherData).toBuilder().publicHost("127.0.0.2").build();
        try (EnsembleServer blocked = EnsembleServer.start(config)) {
            Session session = blocked.sessions().create(boxRoom(), null);
            String token = blocked.sessions().context().signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 60);
            try (TestClient a = new TestClient(group, TestClient.options(blocked.controlPort(), token, "Ada"));
                 TestClient b = new TestClient(group, TestClient.options(blocked.controlPort(), token, "Bo"))) {
                int ia = a.awaitWelcome().getParticipantIndex();
                b.awaitWelcome();
                a.setHead(3, 1.65f, 3);
                eventually("B sees A move over TCP", () -> Math.abs(headX(b, ia) - 3f) < 0.002f);
                Thread.sleep(1200); // every probe has had its chance
                assertFalse(a.connection().usingUdp());
                assertFalse(b.connection().usingUdp());
                assertTrue(b.connection().snapshotsReceived() > 30);
            }
        }
    }

    @Test
    void fivePercentPacketLossStillConverges() throws Exception {
        Session session = server.sessions().create(Scene.testRoom(50, 8), null);
        String token = server.sessions().context().signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 600);
        ConnectionOptions lossy = TestClient.options(server.controlPort(), token, "Lossy").withLoss(0.05);
        try (BotSwarm team = new BotSwarm(1);
             TestClient mover = new TestClient(group, TestClient.options(server.controlPort(), token, "Mover").withLoss(0.05));
             TestClient watcher = new TestClient(group, lossy)) {
            team.start("127.0.0.1", server.controlPort(), token, 3, lossy, false, 7);
            int moverIndex = mover.awaitWelcome().getParticipantIndex();
            watcher.awaitWelcome();
            for (int i = 0; i < 20; i++) {
                mover.setHead(-4 + i * 0.3f, 1.65f, 2);
                Thread.sleep(50);
            }
            float finalX = -4 + 19 * 0.3f;
            eventually("the lossy watcher converges on the mover's final pose",
                    () -> Math.abs(headX(watcher, moverIndex) - finalX) < 0.002f);
            assertTrue(watcher.connection().usingUdp());
            // Entities moved by the bots: what the watcher holds equals the server's world.
            Thread.sleep(300);
            var detail = Api.getJson(server.httpPort(), "/api/sessions/" + session.id());
            PoseQuantizer q = new PoseQuantizer(-10, 0, -10, 10, 4, 10);
            eventually("entity positions match the server", () -> {
                try {
                    var entities = Api.getJson(server.httpPort(), "/api/sessions/" + session.id()).path("entities");
                    Frame frame = watcher.newestFrame();
                    for (int i = 0; i < entities.size(); i++) {
                        if (!entities.get(i).path("holder").isNull()) {
                            continue; // carried right now: moving
                        }
                        int slot = frame.findEntity(i);
                        if (slot < 0) {
                            return false;
                        }
                        float x = (float) entities.get(i).path("position").get(0).asDouble();
                        if (Math.abs(q.dequantizeX(frame.entityPosition(slot, 0)) - x) > 0.002f) {
                            return false;
                        }
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            assertNotNull(detail);
        }
    }

    @Test
    void aFlooderIsDisconnectedAndNobodyElseIs() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient flooder = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Flood"));
             TestClient bystander = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Calm"))) {
            flooder.awaitWelcome();
            bystander.awaitWelcome();
            ClientMessage line = ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("spam")).build();
            for (int i = 0; i < 20_000 && flooder.closedReason() == null; i++) {
                flooder.send(line);
            }
            ServerMessage error = flooder.await(m -> m.hasError()
                    && m.getError().getCode() == ErrorCode.ERROR_CODE_INBOX_OVERFLOW, Duration.ofSeconds(10));
            assertTrue(error.getError().getFatal());
            eventually("the flooder is closed for good", () -> flooder.closedReason() != null);
            int tick = bystander.newestTick();
            eventually("the bystander still receives snapshots", () -> bystander.newestTick() > tick + 30);
            assertTrue(bystander.connection().isConnected());
            assertNotEquals(0.0, server.metrics().get("ensemble.inbox.overflows").counter().count());
        }
    }

    @Test
    void hostileDatagramsAreDroppedAndCountedWhileTheSessionGoesOn() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient a = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Ada"));
             java.net.DatagramSocket hostile = new java.net.DatagramSocket()) {
            a.awaitWelcome();
            eventually("A is on UDP", () -> a.connection().usingUdp());
            java.net.InetSocketAddress target = new java.net.InetSocketAddress("127.0.0.1", server.controlPort());
            java.util.SplittableRandom random = new java.util.SplittableRandom(5);
            double before = droppedDatagrams();
            for (int i = 0; i < 300; i++) {
                byte[] junk = new byte[i % 50 == 0 ? 4000 : random.nextInt(1, 200)];
                random.nextBytes(junk);
                hostile.send(new java.net.DatagramPacket(junk, junk.length, target));
                if (i % 10 == 9) {
                    Thread.sleep(2); // paced: the kernel may drop a burst before the server sees it
                }
            }
            // A well-formed but unsealed datagram is dropped too.
            byte[] guessed = ensemble.v1.ClientDatagram.newBuilder()
                    .setInput(ensemble.v1.Input.newBuilder().setSeq(1)).build().toByteArray();
            hostile.send(new java.net.DatagramPacket(guessed, guessed.length, target));
            eventually("the junk is counted", () -> droppedDatagrams() - before >= 100);
            int tick = a.newestTick();
            eventually("A still receives snapshots over UDP", () -> a.newestTick() > tick + 30 && a.connection().usingUdp());
        }
    }

    /** Datagrams the server dropped, for every reason (size, kind, unknown connection, seal, replay). */
    static double droppedDatagrams() {
        return server.metrics().get("ensemble.udp.dropped").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void botsJoinThroughTheApiAndMove() throws Exception {
        var created = Api.postJson(server.httpPort(), "/api/sessions", "{\"entities\": 30, \"capacity\": 8}");
        String id = created.path("id").asText();
        String token = created.path("joinTokens").path("trainee").asText();
        try (BotSwarm team = new BotSwarm(1);
             TestClient watcher = new TestClient(group, TestClient.options(server.controlPort(), token, "Watcher"))) {
            var members = team.start("127.0.0.1", server.controlPort(), token,
                    3, ConnectionOptions.of("127.0.0.1", server.controlPort(), token, "bot", ClientKind.CLIENT_KIND_BOT)
                            .withTrust(ensemble.server.testing.TestTls.TRUST),
                    true, 3);
            watcher.awaitWelcome();
            int botIndex = members.get(0).connection().welcome().getParticipantIndex();
            eventually("the watcher sees a bot", () -> !Float.isNaN(headX(watcher, botIndex)));
            float first = headX(watcher, botIndex);
            eventually("the bot walks", () -> Math.abs(headX(watcher, botIndex) - first) > 0.3f);
            var detail = Api.getJson(server.httpPort(), "/api/sessions/" + id);
            assertEquals(4, detail.path("participants").size());
        }
    }
}
