package ensemble.server.net;

import ensemble.server.session.Participant;
import ensemble.server.session.Session;
import ensemble.server.session.SessionCommand;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Heartbeat;
import ensemble.v1.ServerMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The joined state of a control connection. It runs no game logic: heartbeats are answered here,
 * inputs (TCP fallback) replace the participant's latest input, and every other message is
 * queued for the session's tick. A participant that floods its bounded inbox gets
 * {@code INBOX_OVERFLOW} and is disconnected; nobody else is affected.
 */
public final class JoinedHandler extends SimpleChannelInboundHandler<ClientMessage> {
    public static final String NAME = "joined";
    public static final String IDLE = "idle";

    private final Session session;
    private final Participant participant;
    private final Duration idleTimeout;

    public JoinedHandler(Session session, Participant participant, Duration idleTimeout) {
        this.session = session;
        this.participant = participant;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(NAME, IDLE, new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientMessage message) {
        switch (message.getBodyCase()) {
            case HEARTBEAT -> ctx.writeAndFlush(ServerMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .setSentMs(System.currentTimeMillis()).setEchoMs(message.getHeartbeat().getSentMs())
                    .setServerTick(session.currentTick())).build(), ctx.voidPromise());
            case INPUT -> participant.offerInput(message.getInput());
            case HELLO -> ctx.writeAndFlush(Replies.error(ErrorCode.ERROR_CODE_INVALID_MESSAGE,
                    "already joined; Hello is only for the handshake", "hello"), ctx.voidPromise());
            case BODY_NOT_SET -> ctx.writeAndFlush(Replies.error(ErrorCode.ERROR_CODE_INVALID_MESSAGE,
                    "empty message", ""), ctx.voidPromise());
            default -> {
                if (!participant.offer(message)) {
                    session.context().sessionMetricsInboxOverflow();
                    Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_INBOX_OVERFLOW,
                            "more than " + Participant.MAX_PENDING_MESSAGES + " messages waiting; slow down");
                }
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_IDLE_TIMEOUT,
                    "nothing received for " + idleTimeout.toMillis() + " ms");
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.offer(new SessionCommand.Disconnected(participant, ctx.channel()));
        super.channelInactive(ctx);
    }
}
