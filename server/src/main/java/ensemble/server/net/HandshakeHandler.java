package ensemble.server.net;

import ensemble.proto.Protocol;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Hello;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The first state of a control connection: waits for one {@code Hello}, checks the protocol
 * version and the bounds of its fields, and passes it to the {@link Handshake}. Anything else, or
 * nothing within the handshake timeout, gets a typed fatal error.
 */
public final class HandshakeHandler extends SimpleChannelInboundHandler<ClientMessage> {
    public static final String NAME = "handshake";

    /** Longest join or resume token accepted, in characters. */
    public static final int MAX_TOKEN_CHARS = 2048;
    /** Longest display name accepted, in characters. */
    public static final int MAX_NAME_CHARS = 64;

    private final Handshake handshake;
    private final Duration timeout;
    private ScheduledFuture<?> timer;
    private boolean helloSeen;

    public HandshakeHandler(Handshake handshake, Duration timeout) {
        this.handshake = handshake;
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timer = ctx.executor().schedule(() -> Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_HANDSHAKE_TIMEOUT,
                "no Hello within " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientMessage message) {
        if (helloSeen) {
            // The session is deciding; nothing else is meaningful until it has.
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_NOT_JOINED, "message sent before Welcome");
            return;
        }
        if (message.getBodyCase() != ClientMessage.BodyCase.HELLO) {
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_NOT_JOINED,
                    "the first message must be Hello, was " + describe(message));
            return;
        }
        Hello hello = message.getHello();
        if (hello.getProtocolVersion() != Protocol.VERSION) {
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_UNSUPPORTED_PROTOCOL,
                    "protocol version " + hello.getProtocolVersion() + " is not supported; this server speaks "
                            + Protocol.VERSION);
            return;
        }
        String tooLong = firstTooLong(hello);
        if (tooLong != null) {
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_FIELD_TOO_LONG, tooLong);
            return;
        }
        if (hello.getJoinToken().isEmpty() && hello.getResumeToken().isEmpty()) {
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_BAD_TOKEN, "Hello carries neither a join nor a resume token");
            return;
        }
        helloSeen = true;
        cancelTimer();
        handshake.admit(ctx.channel(), hello);
    }

    private static String firstTooLong(Hello hello) {
        if (hello.getJoinToken().length() > MAX_TOKEN_CHARS) {
            return "join_token longer than " + MAX_TOKEN_CHARS + " characters";
        }
        if (hello.getResumeToken().length() > MAX_TOKEN_CHARS) {
            return "resume_token longer than " + MAX_TOKEN_CHARS + " characters";
        }
        if (hello.getDisplayName().length() > MAX_NAME_CHARS) {
            return "display_name longer than " + MAX_NAME_CHARS + " characters";
        }
        if (hello.getClientVersion().length() > MAX_NAME_CHARS) {
            return "client_version longer than " + MAX_NAME_CHARS + " characters";
        }
        return null;
    }

    private static String describe(ClientMessage message) {
        return message.getBodyCase() == ClientMessage.BodyCase.BODY_NOT_SET
                ? "an empty message" : message.getBodyCase().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
