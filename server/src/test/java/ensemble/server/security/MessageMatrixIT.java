package ensemble.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.Protocol;
import ensemble.proto.snapshot.Frame;
import ensemble.proto.datagram.DatagramKind;
import ensemble.proto.datagram.DatagramLink;
import ensemble.proto.datagram.DatagramSealer;
import ensemble.proto.snapshot.SnapshotCodec;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.testing.Api;
import ensemble.server.sync.HandDrivenPeer;
import ensemble.server.testing.TestTls;
import ensemble.server.testing.WireClient;
import ensemble.v1.Bounds;
import ensemble.v1.Bye;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientDatagram;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.EntityEvent;
import ensemble.v1.ErrorCode;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.FeedbackSubmit;
import ensemble.v1.Grab;
import ensemble.v1.Hand;
import ensemble.v1.Heartbeat;
import ensemble.v1.Hello;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.Release;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import ensemble.v1.Use;
import ensemble.v1.Vec3;
import ensemble.v1.Welcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The role × message matrix: every kind of {@link ClientMessage} (every case of its {@code body}
 * oneof, and an empty one), sent by every role on the control channel, against the real server on
 * loopback, with the exact outcome written in {@link #MATRIX}: accepted with an effect the test
 * observes, or a typed error code (and whether it closes the connection).
 *
 * <p>The roles: someone who has not finished the handshake, a participant (a trainee's join
 * link) and a spectator (the spectator link). There is no facilitator on the control channel:
 * facilitators act through the HTTP API, so {@code FacilitatorCommand} is refused for every
 * connection and the API's own role check is a row of its own
 * ({@link #aParticipantsTokenCannotDriveTheFacilitatorApi}).
 *
 * <p>The state channel has its own matrix ({@link #UDP_MATRIX}): every kind of
 * {@link ClientDatagram}, sealed by a participant or a spectator with the key from its Welcome,
 * sealed by someone without the key (a forgery), or sent a second time (a replay). A datagram is
 * accepted with an effect, or dropped and counted under a reason of {@code ensemble.udp.dropped}.
 *
 * <p>A new message kind without a row fails {@link #everyMessageKindHasARowForEveryRole}: the
 * kinds are read from the oneofs' descriptors, not from a list kept here.
 */
class MessageMatrixIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A 3 × 3 test room: crate-4 (grabbable) is at the spawn point, crate-5 (usable) at x = 8 m. */
    private static final int ENTITIES = 9;
    private static final String NEAR_CRATE = "crate-4";
    private static final String USABLE_CRATE = "crate-5";

    enum Role { UNAUTHENTICATED, PARTICIPANT, SPECTATOR }

    /** What must happen when a role sends a kind of message. */
    sealed interface Outcome permits Effect, Refused {
    }

    /** Accepted: {@code check} prepares what it needs, sends the message and sees its effect. */
    record Effect(String what, Check check) implements Outcome {
        @Override
        public String toString() {
            return "accepted: " + what;
        }
    }

    /** Refused with this code (as an Error, or as the reason of a refused GrabResult); fatal ones close. */
    record Refused(ErrorCode code, boolean fatal) implements Outcome {
        @Override
        public String toString() {
            return (fatal ? "fatal " : "") + code;
        }
    }

    @FunctionalInterface
    interface Check {
        void run(WireClient client, Role role) throws Exception;
    }

    private static Refused refused(ErrorCode code) {
        return new Refused(code, false);
    }

    private static Refused fatal(ErrorCode code) {
        return new Refused(code, true);
    }

    /** The matrix. Keys are oneof cases; BODY_NOT_SET is the empty message. */
    static final Map<Role, Map<ClientMessage.BodyCase, Outcome>> MATRIX = new EnumMap<>(Role.class);

    static {
        Map<ClientMessage.BodyCase, Outcome> anonymous = new EnumMap<>(ClientMessage.BodyCase.class);
        for (ClientMessage.BodyCase kind : ClientMessage.BodyCase.values()) {
            anonymous.put(kind, fatal(ErrorCode.ERROR_CODE_NOT_JOINED));
        }
        // Hello is the one message allowed before the handshake: with a token this server did not
        // sign, it is refused and the connection closed.
        anonymous.put(ClientMessage.BodyCase.HELLO, fatal(ErrorCode.ERROR_CODE_BAD_TOKEN));
        MATRIX.put(Role.UNAUTHENTICATED, anonymous);

        Map<ClientMessage.BodyCase, Outcome> participant = new EnumMap<>(ClientMessage.BodyCase.class);
        participant.put(ClientMessage.BodyCase.HELLO, refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE));
        participant.put(ClientMessage.BodyCase.HEARTBEAT, new Effect("answered with its echo", MessageMatrixIT::heartbeat));
        participant.put(ClientMessage.BodyCase.INPUT, new Effect("the avatar moves; the snapshot acks the input",
                MessageMatrixIT::inputMovesTheAvatar));
        participant.put(ClientMessage.BodyCase.GRAB, new Effect("granted; everyone sees it grabbed", MessageMatrixIT::grab));
        participant.put(ClientMessage.BodyCase.RELEASE, new Effect("released; everyone sees it", MessageMatrixIT::release));
        participant.put(ClientMessage.BodyCase.USE, new Effect("used; everyone sees it", MessageMatrixIT::use));
        participant.put(ClientMessage.BodyCase.CHAT, new Effect("the line reaches the session", MessageMatrixIT::chat));
        participant.put(ClientMessage.BodyCase.COMMAND, refused(ErrorCode.ERROR_CODE_FORBIDDEN));
        // Peer feedback opens in the debrief; while the session runs it is refused, typed.
        participant.put(ClientMessage.BodyCase.FEEDBACK, refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE));
        participant.put(ClientMessage.BodyCase.BYE, new Effect("goodbye, and the connection closes", MessageMatrixIT::bye));
        participant.put(ClientMessage.BodyCase.BODY_NOT_SET, refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE));
        MATRIX.put(Role.PARTICIPANT, participant);

        Map<ClientMessage.BodyCase, Outcome> spectator = new EnumMap<>(ClientMessage.BodyCase.class);
        spectator.put(ClientMessage.BodyCase.HELLO, refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE));
        spectator.put(ClientMessage.BodyCase.HEARTBEAT, new Effect("answered with its echo", MessageMatrixIT::heartbeat));
        spectator.put(ClientMessage.BodyCase.INPUT, new Effect("ignored: a spectator has no avatar to move",
                MessageMatrixIT::inputMovesNoAvatar));
        spectator.put(ClientMessage.BodyCase.GRAB, refused(ErrorCode.ERROR_CODE_FORBIDDEN));
        spectator.put(ClientMessage.BodyCase.RELEASE, refused(ErrorCode.ERROR_CODE_NOT_HOLDER));
        spectator.put(ClientMessage.BodyCase.USE, refused(ErrorCode.ERROR_CODE_FORBIDDEN));
        spectator.put(ClientMessage.BodyCase.CHAT, refused(ErrorCode.ERROR_CODE_FORBIDDEN));
        spectator.put(ClientMessage.BodyCase.COMMAND, refused(ErrorCode.ERROR_CODE_FORBIDDEN));
        spectator.put(ClientMessage.BodyCase.FEEDBACK, refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE));
        spectator.put(ClientMessage.BodyCase.BYE, new Effect("goodbye, and the connection closes", MessageMatrixIT::bye));
        spectator.put(ClientMessage.BodyCase.BODY_NOT_SET, refused(ErrorCode.ERROR_CODE_INVALID_MESSAGE));
        MATRIX.put(Role.SPECTATOR, spectator);
    }

    enum UdpSender { PARTICIPANT, SPECTATOR, FORGED, REPLAYED }

    /** Dropped without an answer, and counted under {@code ensemble.udp.dropped{reason}}. */
    record Dropped(String reason) {
        @Override
        public String toString() {
            return "dropped, counted as " + reason;
        }
    }

    /** Accepted: {@code check} sends the datagram and sees its effect. */
    record UdpEffect(String what, UdpCheck check) {
        @Override
        public String toString() {
            return "accepted: " + what;
        }
    }

    @FunctionalInterface
    interface UdpCheck {
        void run(WireClient client, DatagramLink link, HandDrivenPeer.Endpoint endpoint) throws Exception;
    }

    /** The state channel's matrix; values are {@link UdpEffect} or {@link Dropped}. */
    static final Map<UdpSender, Map<ClientDatagram.BodyCase, Object>> UDP_MATRIX = new EnumMap<>(UdpSender.class);

    static {
        Map<ClientDatagram.BodyCase, Object> participant = new EnumMap<>(ClientDatagram.BodyCase.class);
        participant.put(ClientDatagram.BodyCase.INPUT, new UdpEffect("the avatar moves", MessageMatrixIT::udpInputMoves));
        participant.put(ClientDatagram.BodyCase.PROBE, new UdpEffect("answered, sealed", MessageMatrixIT::udpProbeAnswered));
        participant.put(ClientDatagram.BodyCase.BODY_NOT_SET, new Dropped("malformed"));
        UDP_MATRIX.put(UdpSender.PARTICIPANT, participant);

        Map<ClientDatagram.BodyCase, Object> spectator = new EnumMap<>(ClientDatagram.BodyCase.class);
        spectator.put(ClientDatagram.BodyCase.INPUT, new UdpEffect("ignored: a spectator has no avatar",
                MessageMatrixIT::udpInputMovesNoAvatar));
        spectator.put(ClientDatagram.BodyCase.PROBE, new UdpEffect("answered, sealed", MessageMatrixIT::udpProbeAnswered));
        spectator.put(ClientDatagram.BodyCase.BODY_NOT_SET, new Dropped("malformed"));
        UDP_MATRIX.put(UdpSender.SPECTATOR, spectator);

        Map<ClientDatagram.BodyCase, Object> forged = new EnumMap<>(ClientDatagram.BodyCase.class);
        Map<ClientDatagram.BodyCase, Object> replayed = new EnumMap<>(ClientDatagram.BodyCase.class);
        for (ClientDatagram.BodyCase kind : ClientDatagram.BodyCase.values()) {
            forged.put(kind, new Dropped("bad_tag"));
            replayed.put(kind, new Dropped("replayed"));
        }
        UDP_MATRIX.put(UdpSender.FORGED, forged);
        UDP_MATRIX.put(UdpSender.REPLAYED, replayed);
    }

    @TempDir
    static Path dataDir;
    static EnsembleServer server;
    static String sessionId;
    static String traineeToken;
    static String spectatorToken;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir));
        JsonNode created = Api.postJson(server.httpPort(), "/api/sessions",
                "{\"entities\": " + ENTITIES + ", \"capacity\": 64}");
        sessionId = created.path("id").asText();
        traineeToken = created.path("joinTokens").path("trainee").asText();
        spectatorToken = created.path("spectatorToken").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyMessageKindHasARowForEveryRole() {
        List<ClientMessage.BodyCase> kinds = new ArrayList<>();
        for (FieldDescriptor field : ClientMessage.getDescriptor().getOneofs().stream()
                .filter(o -> o.getName().equals("body")).findFirst().orElseThrow().getFields()) {
            kinds.add(ClientMessage.BodyCase.forNumber(field.getNumber()));
        }
        kinds.add(ClientMessage.BodyCase.BODY_NOT_SET);
        for (Role role : Role.values()) {
            for (ClientMessage.BodyCase kind : kinds) {
                assertTrue(MATRIX.get(role).containsKey(kind), "no row for " + role + " sending " + kind
                        + ": add the expected outcome to MessageMatrixIT.MATRIX");
            }
        }
        List<ClientDatagram.BodyCase> datagrams = new ArrayList<>();
        for (FieldDescriptor field : ClientDatagram.getDescriptor().getOneofs().stream()
                .filter(o -> o.getName().equals("body")).findFirst().orElseThrow().getFields()) {
            datagrams.add(ClientDatagram.BodyCase.forNumber(field.getNumber()));
        }
        datagrams.add(ClientDatagram.BodyCase.BODY_NOT_SET);
        for (UdpSender sender : UdpSender.values()) {
            for (ClientDatagram.BodyCase kind : datagrams) {
                assertTrue(UDP_MATRIX.get(sender).containsKey(kind), "no row for " + sender + " sending the datagram "
                        + kind + ": add the expected outcome to MessageMatrixIT.UDP_MATRIX");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everySenderOfEveryDatagram() {
        List<DynamicTest> tests = new ArrayList<>();
        UDP_MATRIX.forEach((sender, row) -> row.forEach((kind, outcome) -> tests.add(DynamicTest.dynamicTest(
                sender + " datagram " + kind + " → " + outcome, () -> runDatagram(sender, kind, outcome)))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyRoleSendingEveryKind() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Role role : Role.values()) {
            MATRIX.get(role).forEach((kind, outcome) -> tests.add(DynamicTest.dynamicTest(
                    role + " sends " + kind + " → " + outcome, () -> run(role, kind, outcome))));
        }
        return tests.stream();
    }

    @Test
    void aParticipantsTokenCannotDriveTheFacilitatorApi() throws Exception {
        String before = Api.getJson(server.httpPort(), "/api/sessions/" + sessionId).path("state").asText();
        HttpResponse<String> asParticipant = TestTls.httpClient().build().send(HttpRequest.newBuilder(
                        TestTls.https(server.httpPort(), "/api/sessions/" + sessionId + "/pause"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + traineeToken)
                .header("Origin", "https://127.0.0.1:" + server.httpPort())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, asParticipant.statusCode(), asParticipant.body());
        assertEquals(before, Api.getJson(server.httpPort(), "/api/sessions/" + sessionId).path("state").asText(),
                "the refused pause changed nothing");
    }

    private static void run(Role role, ClientMessage.BodyCase kind, Outcome outcome) throws Exception {
        try (WireClient client = connect(role)) {
            if (outcome instanceof Effect effect) {
                effect.check().run(client, role);
            } else if (outcome instanceof Refused refusal) {
                client.send(sample(kind, role));
                ServerMessage answer = client.await(m -> codeOf(m) != null, WAIT);
                assertEquals(refusal.code(), codeOf(answer), "answer: " + answer);
                if (refusal.fatal()) {
                    assertTrue(answer.getError().getFatal(), "the error says it is fatal");
                    assertTrue(client.awaitClosed(WAIT), "a fatal error closes the connection");
                } else {
                    assertFalse(answer.hasError() && answer.getError().getFatal(), "not fatal: " + answer);
                    stillServed(client);
                }
            }
            if (role != Role.UNAUTHENTICATED && !client.closedByServer()) {
                leave(client);
            }
        }
    }

    private static WireClient connect(Role role) throws Exception {
        return switch (role) {
            case UNAUTHENTICATED -> new WireClient(server.controlPort());
            case PARTICIPANT -> WireClient.joined(server.controlPort(), traineeToken, "matrix-trainee");
            case SPECTATOR -> WireClient.joined(server.controlPort(), spectatorToken, "matrix-spectator");
        };
    }

    /** One well-formed message of each kind, as a client would send it. */
    private static ClientMessage sample(ClientMessage.BodyCase kind, Role role) {
        ClientMessage.Builder m = ClientMessage.newBuilder();
        return switch (kind) {
            case HELLO -> m.setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION).setClientKind(ClientKind.CLIENT_KIND_BOT)
                    .setDisplayName("x").setJoinToken(role == Role.UNAUTHENTICATED ? forged(traineeToken) : traineeToken)).build();
            case HEARTBEAT -> m.setHeartbeat(Heartbeat.newBuilder().setSentMs(4242)).build();
            case INPUT -> m.setInput(input(7, 1f, 1f)).build();
            case GRAB -> m.setGrab(Grab.newBuilder().setRequestId(11).setEntityId(NEAR_CRATE).setHand(Hand.HAND_RIGHT)).build();
            case RELEASE -> m.setRelease(Release.newBuilder().setRequestId(12).setEntityId(NEAR_CRATE)).build();
            case USE -> m.setUse(Use.newBuilder().setRequestId(13).setEntityId(USABLE_CRATE).setAction("open")).build();
            case CHAT -> m.setChat(ChatSend.newBuilder().setText("matrix line from " + role)).build();
            case COMMAND -> m.setCommand(FacilitatorCommand.newBuilder().setKind(FacilitatorCommand.Kind.KIND_PAUSE)).build();
            case FEEDBACK -> m.setFeedback(FeedbackSubmit.newBuilder().setAboutParticipantId("p-1").setComment("good")).build();
            case BYE -> m.setBye(Bye.newBuilder().setReason("done")).build();
            case BODY_NOT_SET -> m.build();
        };
    }

    /** The same token with one character in the middle of its signature changed: a forgery. */
    private static String forged(String token) {
        int at = token.indexOf('.') + 10;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    /** The code of an Error, or the reason of a refused grab; null for anything else. */
    private static ErrorCode codeOf(ServerMessage m) {
        if (m.hasError()) {
            return m.getError().getCode();
        }
        if (m.hasGrabResult() && !m.getGrabResult().getGranted()) {
            return m.getGrabResult().getReason();
        }
        return null;
    }

    /** After a refusal the connection still works: a heartbeat is answered. */
    private static void stillServed(WireClient client) throws Exception {
        client.send(ClientMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentMs(777)).build());
        client.await(m -> m.hasHeartbeat() && m.getHeartbeat().getEchoMs() == 777, WAIT);
    }

    private static void leave(WireClient client) throws Exception {
        client.send(ClientMessage.newBuilder().setBye(Bye.newBuilder().setReason("row done")).build());
        client.awaitClosed(WAIT);
    }

    private static void runDatagram(UdpSender sender, ClientDatagram.BodyCase kind, Object outcome) throws Exception {
        String token = sender == UdpSender.SPECTATOR ? spectatorToken : traineeToken;
        try (WireClient client = WireClient.joined(server.controlPort(), token, "matrix-udp")) {
            DatagramLink link = new DatagramLink(client.welcome().getUdpConnectionId(),
                    client.welcome().getUdpKey().toByteArray());
            try (HandDrivenPeer.Endpoint endpoint = new HandDrivenPeer.Endpoint(server.controlPort(), link)) {
                if (outcome instanceof UdpEffect effect) {
                    effect.check().run(client, link, endpoint);
                } else {
                    String reason = ((Dropped) outcome).reason();
                    double before = dropped(reason);
                    byte[] datagram = switch (sender) {
                        case FORGED -> seal(new DatagramLink(link.connectionId(),
                                DatagramLink.generate(new java.security.SecureRandom()).keyBytes()), datagram(kind));
                        default -> seal(link, datagram(kind));
                    };
                    int acksBefore = 0;
                    if (sender == UdpSender.REPLAYED) {
                        endpoint.send(datagram); // the genuine one, accepted (or dropped as malformed)
                        if (kind == ClientDatagram.BodyCase.PROBE) {
                            udpAwait(() -> endpoint.probeAcks.get() > 0, "the genuine probe is answered");
                        }
                        acksBefore = endpoint.probeAcks.get();
                    }
                    endpoint.send(datagram);
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (dropped(reason) < before + 1 && System.nanoTime() < deadline) {
                        Thread.sleep(20); // polls the server's counter; the deadline is generous
                    }
                    assertTrue(dropped(reason) >= before + 1, "not counted as " + reason);
                    assertEquals(acksBefore, endpoint.probeAcks.get(), "a dropped datagram was answered");
                    if (sender != UdpSender.REPLAYED) {
                        assertEquals(0, endpoint.snapshots.get(), "snapshots went to an address no genuine probe bound");
                    }
                }
            }
            leave(client);
        }
    }

    private static void udpAwait(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20); // polls what the endpoint's reader counted
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private static double dropped(String reason) {
        return server.metrics().get("ensemble.udp.dropped").tag("reason", reason).counter().count();
    }

    private static ClientDatagram datagram(ClientDatagram.BodyCase kind) {
        return switch (kind) {
            case INPUT -> ClientDatagram.newBuilder().setInput(input(3, 1f, 1f)).build();
            case PROBE -> HandDrivenPeer.probe();
            case BODY_NOT_SET -> ClientDatagram.getDefaultInstance();
        };
    }

    private static final DatagramSealer SEALER = new DatagramSealer();

    private static synchronized byte[] seal(DatagramLink link, ClientDatagram datagram) {
        ByteBuffer out = ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES);
        int n = SEALER.seal(DatagramKind.CLIENT_STATE, link, ByteBuffer.wrap(datagram.toByteArray()), out);
        return Arrays.copyOf(out.array(), n);
    }

    private static void udpProbeAnswered(WireClient client, DatagramLink link, HandDrivenPeer.Endpoint endpoint)
            throws Exception {
        endpoint.send(seal(link, datagram(ClientDatagram.BodyCase.PROBE)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (endpoint.probeAcks.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // polls what the endpoint's reader counted
        }
        assertTrue(endpoint.probeAcks.get() > 0, "the probe was answered with a sealed ack");
    }

    private static void udpInputMoves(WireClient client, DatagramLink link, HandDrivenPeer.Endpoint endpoint)
            throws Exception {
        try (WireClient observer = WireClient.joined(server.controlPort(), spectatorToken, "matrix-observer")) {
            endpoint.send(seal(link, datagram(ClientDatagram.BodyCase.INPUT)));
            awaitHeadAt(observer, client.welcome(), 1f, 1f);
            leave(observer);
        }
    }

    private static void udpInputMovesNoAvatar(WireClient client, DatagramLink link, HandDrivenPeer.Endpoint endpoint)
            throws Exception {
        endpoint.send(seal(link, datagram(ClientDatagram.BodyCase.INPUT)));
        stillServed(client);
        Snapshot snapshot = client.await(m -> m.hasSnapshot() && m.getSnapshot().getBaseTick() == 0, WAIT).getSnapshot();
        assertTrue(decode(client.welcome(), snapshot).findAvatar(client.welcome().getParticipantIndex()) < 0,
                "a spectator has no avatar");
    }

    /** Waits until {@code observer}'s snapshots show {@code who}'s head at (x, z). */
    private static void awaitHeadAt(WireClient observer, Welcome who, float x, float z) throws Exception {
        PoseQuantizer q = quantizer(who.getSceneBounds());
        int index = who.getParticipantIndex();
        observer.await(m -> {
            if (!m.hasSnapshot() || m.getSnapshot().getBaseTick() != 0) {
                return false;
            }
            Frame frame = decode(observer.welcome(), m.getSnapshot());
            int slot = frame.findAvatar(index);
            return slot >= 0 && Math.abs(frame.avatarPosition(slot, Frame.HEAD, 0) - q.quantizeX(x)) <= 2
                    && Math.abs(frame.avatarPosition(slot, Frame.HEAD, 2) - q.quantizeZ(z)) <= 2;
        }, WAIT);
    }

    // --- effects -----------------------------------------------------------------------------

    private static void heartbeat(WireClient client, Role role) throws Exception {
        client.send(sample(ClientMessage.BodyCase.HEARTBEAT, role));
        ServerMessage answer = client.await(ServerMessage::hasHeartbeat, WAIT);
        assertEquals(4242, answer.getHeartbeat().getEchoMs());
    }

    /** Head at (x, 1.65, z), hands beside it at hip height, facing forward. */
    private static Input input(int seq, float x, float z) {
        return Input.newBuilder().setSeq(seq).setHead(pose(x, 1.65f, z)).setLeftHand(pose(x - 0.2f, 0.9f, z))
                .setRightHand(pose(x + 0.2f, 0.9f, z)).build();
    }

    private static Pose pose(float x, float y, float z) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(x).setY(y).setZ(z))
                .setRotation(Quat.newBuilder().setW(1)).build();
    }

    /** Sends {@code input} and returns the first snapshot that acknowledges it, decoded. */
    private static Frame sendAndAwaitAck(WireClient client, Input input) throws Exception {
        client.send(ClientMessage.newBuilder().setInput(input).build());
        Snapshot snapshot = client.await(m -> m.hasSnapshot() && m.getSnapshot().getAckInputSeq() == input.getSeq()
                && m.getSnapshot().getBaseTick() == 0, WAIT).getSnapshot();
        return decode(client.welcome(), snapshot);
    }

    private static Frame decode(Welcome welcome, Snapshot snapshot) {
        Bounds b = welcome.getSceneBounds();
        SnapshotCodec codec = new SnapshotCodec(quantizer(b));
        Frame frame = new Frame();
        byte[] payload = snapshot.getPayload().toByteArray();
        codec.decode(payload, 0, payload.length, new Frame(), snapshot.getTick(), frame);
        return frame;
    }

    private static PoseQuantizer quantizer(Bounds b) {
        return new PoseQuantizer(b.getMin().getX(), b.getMin().getY(), b.getMin().getZ(),
                b.getMax().getX(), b.getMax().getY(), b.getMax().getZ());
    }

    private static void inputMovesTheAvatar(WireClient client, Role role) throws Exception {
        // A snapshot leaves out its viewer's own avatar, so a spectator watches it move.
        try (WireClient observer = WireClient.joined(server.controlPort(), spectatorToken, "matrix-observer")) {
            sendAndAwaitAck(client, input(7, 1f, 1f));
            awaitHeadAt(observer, client.welcome(), 1f, 1f);
            leave(observer);
        }
    }

    private static void inputMovesNoAvatar(WireClient client, Role role) throws Exception {
        client.send(ClientMessage.newBuilder().setInput(input(7, 1f, 1f)).build());
        // Two heartbeats later the input has been drained by a tick; no snapshot ever shows an
        // avatar at the spectator's index.
        stillServed(client);
        Snapshot snapshot = client.await(ServerMessage::hasSnapshot, WAIT).getSnapshot();
        assertTrue(decode(client.welcome(), snapshot).findAvatar(client.welcome().getParticipantIndex()) < 0,
                "a spectator has no avatar");
    }

    private static void grab(WireClient client, Role role) throws Exception {
        sendAndAwaitAck(client, input(1, 0f, 0.3f)); // right hand 0.3 m from the crate at the spawn point
        client.send(sample(ClientMessage.BodyCase.GRAB, role));
        ServerMessage result = client.await(ServerMessage::hasGrabResult, WAIT);
        assertTrue(result.getGrabResult().getGranted(), "granted: " + result);
        client.await(m -> m.hasEntityEvent() && m.getEntityEvent().getKind() == EntityEvent.Kind.KIND_GRABBED
                && m.getEntityEvent().getEntityId().equals(NEAR_CRATE), WAIT);
    }

    private static void release(WireClient client, Role role) throws Exception {
        grab(client, role);
        client.send(sample(ClientMessage.BodyCase.RELEASE, role));
        client.await(m -> m.hasEntityEvent() && m.getEntityEvent().getKind() == EntityEvent.Kind.KIND_RELEASED
                && m.getEntityEvent().getEntityId().equals(NEAR_CRATE), WAIT);
    }

    private static void use(WireClient client, Role role) throws Exception {
        sendAndAwaitAck(client, input(1, 7.6f, 0f)); // right hand 0.2 m from the usable crate at x = 8 m
        client.send(sample(ClientMessage.BodyCase.USE, role));
        ServerMessage used = client.await(m -> m.hasEntityEvent() && m.getEntityEvent().getKind() == EntityEvent.Kind.KIND_USED,
                WAIT);
        assertEquals(USABLE_CRATE, used.getEntityEvent().getEntityId());
        assertEquals("open", used.getEntityEvent().getAction());
    }

    private static void chat(WireClient client, Role role) throws Exception {
        client.send(sample(ClientMessage.BodyCase.CHAT, role));
        ServerMessage line = client.await(ServerMessage::hasChat, WAIT);
        assertEquals("matrix line from " + role, line.getChat().getText());
        assertEquals(client.welcome().getParticipantId(), line.getChat().getFromParticipantId());
    }

    private static void bye(WireClient client, Role role) throws Exception {
        client.send(sample(ClientMessage.BodyCase.BYE, role));
        ServerMessage goodbye = client.await(ServerMessage::hasGoodbye, WAIT);
        assertEquals(ErrorCode.ERROR_CODE_REMOVED, goodbye.getGoodbye().getCode());
        assertTrue(client.awaitClosed(WAIT), "the server closes after the goodbye");
    }
}
