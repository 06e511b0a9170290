package ensemble.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.Protocol;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Heartbeat;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandshakeHandlerTest {
    private final List<Hello> admitted = new ArrayList<>();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new HandshakeHandler((ch, hello) -> admitted.add(hello), Duration.ofSeconds(5)),
                ProtocolErrorHandler.INSTANCE);
    }

    private static ClientMessage hello(int version, String token, String name) {
        return ClientMessage.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(version).setJoinToken(token).setDisplayName(name)).build();
    }

    private static void assertFatal(EmbeddedChannel channel, ErrorCode code) {
        ServerMessage reply = channel.readOutbound();
        assertEquals(ServerMessage.BodyCase.ERROR, reply.getBodyCase());
        assertEquals(code, reply.getError().getCode());
        assertTrue(reply.getError().getFatal());
        assertFalse(reply.getError().getMessage().isBlank(), "an error says what went wrong");
        assertFalse(channel.isOpen(), "a fatal error closes the connection");
    }

    @Test
    void validHelloIsAdmitted() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(hello(Protocol.VERSION, "token", "Ada"));
        assertEquals(1, admitted.size());
        assertEquals("Ada", admitted.get(0).getDisplayName());
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void unknownProtocolVersionGetsTypedError() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(hello(99, "token", "Ada"));
        assertFatal(channel, ErrorCode.ERROR_CODE_UNSUPPORTED_PROTOCOL);
        assertTrue(admitted.isEmpty());
    }

    @Test
    void anythingBeforeHelloIsRefused() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ClientMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentMs(1)).build());
        assertFatal(channel, ErrorCode.ERROR_CODE_NOT_JOINED);
    }

    @Test
    void emptyMessageIsRefused() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ClientMessage.getDefaultInstance());
        assertFatal(channel, ErrorCode.ERROR_CODE_NOT_JOINED);
    }

    @Test
    void overlongNameIsRefused() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(hello(Protocol.VERSION, "token", "x".repeat(HandshakeHandler.MAX_NAME_CHARS + 1)));
        assertFatal(channel, ErrorCode.ERROR_CODE_FIELD_TOO_LONG);
    }

    @Test
    void missingTokenIsRefused() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(hello(Protocol.VERSION, "", "Ada"));
        assertFatal(channel, ErrorCode.ERROR_CODE_BAD_TOKEN);
    }

    @Test
    void silenceEndsInHandshakeTimeout() {
        EmbeddedChannel channel = channel();
        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertFatal(channel, ErrorCode.ERROR_CODE_HANDSHAKE_TIMEOUT);
    }

    @Test
    void secondMessageWhileAdmissionIsPendingIsRefused() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(hello(Protocol.VERSION, "token", "Ada"));
        channel.writeInbound(hello(Protocol.VERSION, "token", "Ada"));
        assertFatal(channel, ErrorCode.ERROR_CODE_NOT_JOINED);
    }
}
