package ensemble.server.net;

import ensemble.v1.Error;
import ensemble.v1.ErrorCode;
import ensemble.v1.Goodbye;
import ensemble.v1.ServerMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/** Builds and sends the server's typed error and farewell messages. */
public final class Replies {
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

    /** Sends a fatal error, then closes the connection once it is written. */
    public static void fail(Channel channel, ErrorCode code, String message) {
        if (channel.isActive()) {
            channel.writeAndFlush(error(code, message, true)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Says goodbye with a reason, then closes the connection once it is written. */
    public static void goodbye(Channel channel, ErrorCode code, String reason) {
        if (channel.isActive()) {
            channel.writeAndFlush(ServerMessage.newBuilder()
                    .setGoodbye(Goodbye.newBuilder().setCode(code).setReason(reason)).build())
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
