package ensemble.server.net;

import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.proto.FrameException;
import ensemble.v1.ErrorCode;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of the control pipeline: turns any failure into a typed, fatal {@code Error} and a
 * closed connection. A bad peer loses its own connection and nothing else.
 */
@Sharable
public final class ProtocolErrorHandler extends ChannelInboundHandlerAdapter {
    public static final ProtocolErrorHandler INSTANCE = new ProtocolErrorHandler();
    private static final Logger log = LoggerFactory.getLogger(ProtocolErrorHandler.class);

    private ProtocolErrorHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof FrameException frame) {
            log.debug("{}: {}", ctx.channel().remoteAddress(), frame.getMessage());
            Replies.fail(ctx.channel(), frame.code(), frame.getMessage());
        } else if (root instanceof InvalidProtocolBufferException bad) {
            log.debug("{}: undecodable message: {}", ctx.channel().remoteAddress(), bad.getMessage());
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_MALFORMED_FRAME,
                    "frame is not a valid ClientMessage: " + bad.getMessage());
        } else if (root instanceof NotSslRecordException) {
            // Plain TCP on a TLS listener: nothing can be said to it that it would understand.
            log.debug("{}: not a TLS client", ctx.channel().remoteAddress());
            ctx.close();
        } else if (root instanceof IOException) {
            log.debug("{}: connection error: {}", ctx.channel().remoteAddress(), root.toString());
            ctx.close();
        } else {
            log.warn("{}: unexpected failure on the control channel", ctx.channel().remoteAddress(), cause);
            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_INTERNAL, "internal server error");
        }
    }
}
