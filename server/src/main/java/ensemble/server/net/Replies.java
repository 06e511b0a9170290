package ensemble.server.net;

import ensemble.v1.Error;
import ensemble.v1.ErrorCode;
import ensemble.v1.Goodbye;
import ensemble.v1.ServerMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Builds and sends the server's typed errors and farewells, and ends connections so that the
 * peer actually reads why: the last message is flushed, our side is half-closed (FIN), further
 * input is discarded, and the socket is closed when the peer closes or after a short linger.
 * Closing at once while the peer still sends would reset the connection and lose the message.
 */
public final class Replies {
    /** How long a connection we ended may linger for the peer to read our last message. */
    static final long LINGER_MILLIS = 2000;
    static final String DISCARD = "discard-after-close";
    private static final AttributeKey<Boolean> ENDING = AttributeKey.valueOf("ensemble.ending");

    private Replies() {
    }

    public static ServerMessage error(ErrorCode code, String message, boolean fatal) {
        return ServerMessage.newBuilder()
                .setError(Error.newBuilder().setCode(code).setMessage(message).setFatal(fatal))
                .build();
    }

    public static ServerMessage error(ErrorCode code, String message, String inReplyTo) {
        return ServerMessage.newBuilder()
                .setError(Error.newBuilder().setCode(code).setMessage(message).setInReplyTo(inReplyTo))
                .build();
    }

    /** Sends a fatal error, then ends the connection. Only the first call on a connection acts. */
    public static void fail(Channel channel, ErrorCode code, String message) {
        end(channel, error(code, message, true));
    }

    /** Says goodbye with a reason, then ends the connection. */
    public static void goodbye(Channel channel, ErrorCode code, String reason) {
        end(channel, ServerMessage.newBuilder().setGoodbye(Goodbye.newBuilder().setCode(code).setReason(reason)).build());
    }

    /** Tells the client where its session lives now, then ends the connection. */
    public static void redirect(Channel channel, String sessionId, String endpoint) {
        end(channel, ServerMessage.newBuilder().setRedirect(ensemble.v1.Redirect.newBuilder()
                .setSessionId(sessionId).setEndpoint(endpoint)).build());
    }

    /** True once the server has decided to end this connection. */
    public static boolean ending(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(ENDING).get());
    }

    private static void end(Channel channel, ServerMessage last) {
        if (!channel.isActive() || channel.attr(ENDING).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        Runnable stopReading = () -> {
            if (channel.pipeline().get(DISCARD) == null) {
                channel.pipeline().addFirst(DISCARD, DiscardInbound.INSTANCE);
            }
        };
        if (channel.eventLoop().inEventLoop()) {
            stopReading.run();
        } else {
            channel.eventLoop().execute(stopReading);
        }
        channel.writeAndFlush(last).addListener(written -> {
            if (channel instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
                channel.eventLoop().schedule(() -> {
                    channel.close();
                }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                channel.close();
            }
        });
    }

    /** Drops everything a peer sends after we ended its connection; closes when it closes. */
    @Sharable
    static final class DiscardInbound extends ChannelInboundHandlerAdapter {
        static final DiscardInbound INSTANCE = new DiscardInbound();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                ctx.close();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

    }
}
