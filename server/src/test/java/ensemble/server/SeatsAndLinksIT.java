package ensemble.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.proto.Protocol;
import ensemble.server.testing.Api;
import ensemble.server.testing.Eventually;
import ensemble.server.testing.RawControlClient;
import ensemble.server.testing.TestClient;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Grab;
import ensemble.v1.Hand;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seats and links on the real server over real sockets: a link dies with its session, when
 * revoked, and when its person is removed; a personal seat holds one person and a ghost frees it;
 * the spectator cap; the chat allowance across rejoins; spectators neither chat nor act.
 */
class SeatsAndLinksIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path dataDir;
    static EnsembleServer server;
    static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir).toBuilder()
                .joinLimits(ServerConfig.JoinLimits.DEFAULTS.withMaxSpectators(2)).build());
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully();
        server.close();
    }

    static JsonNode create(String id) throws Exception {
        return Api.postJson(server.httpPort(), "/api/sessions", "{\"id\":\"" + id + "\",\"entities\":2}");
    }

    static JsonNode link(String session, String body) throws Exception {
        return Api.postJson(server.httpPort(), "/api/sessions/" + session + "/tokens", body);
    }

    /** What the server answers a Hello with this join token: a Welcome or a typed error. */
    static ServerMessage hello(String token) throws Exception {
        try (RawControlClient raw = new RawControlClient(server.controlPort())) {
            raw.send(helloWith(token));
            return raw.receive();
        }
    }

    static ClientMessage helloWith(String token) {
        return ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                .setJoinToken(token).setDisplayName("Raw").setClientKind(ClientKind.CLIENT_KIND_BOT)).build();
    }

    static ClientMessage chat(String text) {
        return ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText(text)).build();
    }

    @Test
    void aLinkOfADeletedAndRecreatedSessionIsRefused() throws Exception {
        String token = create("again").path("joinTokens").path("trainee").asText();
        assertTrue(hello(token).hasWelcome());
        assertEquals(200, Api.delete(server.httpPort(), "/api/sessions/again").statusCode());
        create("again");
        ServerMessage reply = hello(token);
        assertEquals(ErrorCode.ERROR_CODE_LINK_REVOKED, reply.getError().getCode(), reply.toString());
    }

    @Test
    void aRevokedLinkIsRefusedAndListedAsRevoked() throws Exception {
        create("revoking");
        JsonNode issued = link("revoking", "{\"role\":\"trainee\",\"ttlSeconds\":600}");
        assertTrue(hello(issued.path("token").asText()).hasWelcome());
        String linkId = issued.path("linkId").asText();
        assertEquals(200, Api.delete(server.httpPort(), "/api/sessions/revoking/links/" + linkId).statusCode());
        assertEquals(ErrorCode.ERROR_CODE_LINK_REVOKED, hello(issued.path("token").asText()).getError().getCode());
        JsonNode links = Api.getJson(server.httpPort(), "/api/sessions/revoking/links").path("links");
        boolean listed = false;
        for (JsonNode l : links) {
            if (l.path("linkId").asText().equals(linkId)) {
                listed = l.path("revoked").asBoolean();
            }
        }
        assertTrue(listed, links.toString());
    }

    @Test
    void aRemovedPersonsLinkNoLongerAdmitsThem() throws Exception {
        create("removing");
        String token = link("removing", "{\"role\":\"trainee\",\"personal\":true,\"name\":\"Eve\",\"ttlSeconds\":600}")
                .path("token").asText();
        String id;
        try (TestClient eve = new TestClient(group, TestClient.options(server.controlPort(), token, "Eve"))) {
            id = eve.awaitWelcome().getParticipantId();
            Api.postJson(server.httpPort(), "/api/sessions/removing/remove", "{\"participant\":\"" + id + "\"}");
            assertNotNull(eve.await(m -> m.hasGoodbye() && m.getGoodbye().getCode() == ErrorCode.ERROR_CODE_REMOVED, WAIT));
        }
        assertEquals(ErrorCode.ERROR_CODE_LINK_REVOKED, hello(token).getError().getCode());
    }

    @Test
    void aPersonalSeatHoldsOnePersonAndAGhostConnectionFreesIt() throws Exception {
        create("seats");
        String taken = link("seats", "{\"role\":\"trainee\",\"personal\":true,\"name\":\"Ada\"}").path("token").asText();
        try (TestClient ada = new TestClient(group, TestClient.options(server.controlPort(), taken, "Ada"))) {
            ada.awaitWelcome();
            assertEquals(ErrorCode.ERROR_CODE_SEAT_TAKEN, hello(taken).getError().getCode(), "a second holder is refused");
        }
        // A connection that is welcomed and closes without a word keeps no seat for the grace period.
        String ghostly = link("seats", "{\"role\":\"trainee\",\"personal\":true,\"name\":\"Bo\"}").path("token").asText();
        assertTrue(hello(ghostly).hasWelcome());
        AtomicReference<ServerMessage> last = new AtomicReference<>();
        Eventually.until("the ghost's seat is free", () -> {
            try {
                last.set(hello(ghostly));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return last.get().hasWelcome();
        });
    }

    @Test
    void spectatorsBeyondTheCapAreRefusedAndSpectatorsNeitherChatNorAct() throws Exception {
        JsonNode created = create("watched");
        String spectators = created.path("spectatorToken").asText();
        try (TestClient first = new TestClient(group, TestClient.options(server.controlPort(), spectators, "S1"));
             TestClient second = new TestClient(group, TestClient.options(server.controlPort(), spectators, "S2"))) {
            first.awaitWelcome();
            second.awaitWelcome();
            ServerMessage third = hello(spectators);
            assertEquals(ErrorCode.ERROR_CODE_SPECTATORS_FULL, third.getError().getCode(), third.toString());
            first.send(chat("can you hear me"));
            assertNotNull(first.await(m -> m.hasError() && m.getError().getCode() == ErrorCode.ERROR_CODE_FORBIDDEN
                    && m.getError().getInReplyTo().equals("chat"), WAIT));
            first.send(ClientMessage.newBuilder().setGrab(Grab.newBuilder().setRequestId(7).setEntityId("crate-0")
                    .setHand(Hand.HAND_RIGHT)).build());
            ServerMessage grab = first.await(ServerMessage::hasGrabResult, WAIT);
            assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, grab.getGrabResult().getReason());
        }
    }

    @Test
    void rejoiningDoesNotRefillTheChatAllowance() throws Exception {
        String token = create("chatty").path("joinTokens").path("trainee").asText();
        int sentPerConnection = 8;
        int connections = 4;
        int accepted = 0;
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            try (TestClient client = new TestClient(group, TestClient.options(server.controlPort(), token, "Chatty"))) {
                client.awaitWelcome();
                String prefix = "line " + c + ".";
                for (int i = 0; i < sentPerConnection; i++) {
                    client.send(chat(prefix + i));
                }
                for (int i = 0; i < sentPerConnection; i++) {
                    ServerMessage answer = client.await(m -> (m.hasChat() && m.getChat().getText().startsWith(prefix))
                            || (m.hasError() && m.getError().getCode() == ErrorCode.ERROR_CODE_RATE_LIMITED), WAIT);
                    assertNotNull(answer, "every line is either heard or refused");
                    accepted += answer.hasChat() ? 1 : 0;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // One person's allowance: a burst of 5, then 2 lines/s, however often they rejoin. Were it
        // reset by each join, the four connections would have had 4 bursts (20 lines) at least.
        double allowance = 5 + 2 * seconds + 1;
        assertTrue(accepted <= allowance, accepted + " lines accepted in " + seconds + " s; allowance " + allowance);
        assertTrue(accepted < connections * 5, "fewer than a fresh burst per connection: " + accepted);
    }
}
