package ensemble.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.Protocol;
import ensemble.server.testing.Api;
import ensemble.server.testing.RawControlClient;
import ensemble.server.testing.TestClient;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flood of handshakes from one address is refused with a typed error while another peer joins. */
class HandshakeFloodIT {
    static final int BURST = 10;
    static final int PER_SECOND = 1;
    static final int FLOOD = 100;

    @Test
    void aFloodFromOneAddressIsRateLimitedWhileAnotherPeerJoins(@TempDir Path dataDir) throws Exception {
        ServerConfig config = ServerConfig.forTests(dataDir).toBuilder()
                .joinLimits(new ServerConfig.JoinLimits(16, BURST, PER_SECOND, 40, 10)).build();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (EnsembleServer server = EnsembleServer.start(config)) {
            String token = Api.postJson(server.httpPort(), "/api/sessions", "{\"id\":\"flooded\",\"entities\":1}")
                    .path("joinTokens").path("trainee").asText();
            int limited = 0;
            long started = System.nanoTime();
            for (int i = 0; i < FLOOD; i++) {
                // 127.0.0.2 is another peer on loopback; each Hello on a connection of its own.
                try (RawControlClient flood = new RawControlClient(server.controlPort(), "127.0.0.2")) {
                    flood.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                            .setJoinToken("not-a-token").setClientKind(ClientKind.CLIENT_KIND_BOT)).build());
                    ServerMessage reply = flood.receive();
                    if (reply.getError().getCode() == ErrorCode.ERROR_CODE_RATE_LIMITED) {
                        limited++;
                    } else {
                        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, reply.getError().getCode(), reply.toString());
                    }
                }
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;
            // At most the burst and what the rate refilled meanwhile got through to the token check.
            assertTrue(limited >= FLOOD - BURST - seconds * PER_SECOND, limited + " of " + FLOOD + " limited in " + seconds + " s");
            try (TestClient bystander = new TestClient(group, TestClient.options(server.controlPort(), token, "Bystander"))) {
                assertEquals("flooded", bystander.awaitWelcome().getSessionId(), "another address joins at once");
            }
        } finally {
            group.shutdownGracefully();
        }
    }
}
