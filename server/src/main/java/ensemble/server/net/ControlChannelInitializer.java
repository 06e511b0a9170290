package ensemble.server.net;

import ensemble.proto.FrameDecoder;
import ensemble.server.tls.ServerTls;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;

/**
 * Builds the control-channel pipeline, top to bottom:
 * TLS (unless {@code --no-tls}) → frame decoder (bounded) → protobuf decoder → length prepender → protobuf encoder → the handler
 * of the connection's current state (handshake first) → protocol error handler.
 * A connection past its address's {@link ConnectionCap} gets a typed {@code RATE_LIMITED} error
 * in place of the handshake and is closed.
 */
public final class ControlChannelInitializer extends ChannelInitializer<SocketChannel> {
    public static final String TLS = "tls";
    public static final String FRAME_DECODER = "frame-decoder";
    public static final String MESSAGE_DECODER = "message-decoder";
    public static final String FRAME_ENCODER = "frame-encoder";
    public static final String MESSAGE_ENCODER = "message-encoder";
    public static final String ERRORS = "errors";

    private static final ProtobufDecoder DECODER = new ProtobufDecoder(ClientMessage.getDefaultInstance());
    private static final ProtobufVarint32LengthFieldPrepender PREPENDER = new ProtobufVarint32LengthFieldPrepender();
    private static final ProtobufEncoder ENCODER = new ProtobufEncoder();

    private final int maxFrameBytes;
    private final Duration handshakeTimeout;
    private final Handshake handshake;
    private final ChannelGroup connections;
    private final ConnectionCap cap;
    private ServerTls tls = ServerTls.disabled();

    public ControlChannelInitializer(int maxFrameBytes, Duration handshakeTimeout, Handshake handshake,
            ChannelGroup connections, ConnectionCap cap) {
        this.cap = cap;
        this.maxFrameBytes = maxFrameBytes;
        this.handshakeTimeout = handshakeTimeout;
        this.handshake = handshake;
        this.connections = connections;
    }

    /** Puts TLS first in every connection's pipeline when {@code value} is enabled. */
    public ControlChannelInitializer withTls(ServerTls value) {
        this.tls = value;
        return this;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        channel.config().setTcpNoDelay(true);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls.enabled()) {
            pipeline.addLast(TLS, tls.newHandler(channel.alloc(), handshakeTimeout));
        }
        pipeline.addLast(FRAME_DECODER, new FrameDecoder(maxFrameBytes));
        pipeline.addLast(MESSAGE_DECODER, DECODER);
        pipeline.addLast(FRAME_ENCODER, PREPENDER);
        pipeline.addLast(MESSAGE_ENCODER, ENCODER);
        pipeline.addLast(HandshakeHandler.NAME, cap.admit(channel)
                ? new HandshakeHandler(handshake, handshakeTimeout)
                : new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        if (!tls.enabled()) {
                            Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_RATE_LIMITED, cap.refusal());
                        }
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        // Over TLS the refusal can only be read once the handshake is done.
                        if (event instanceof SslHandshakeCompletionEvent done) {
                            if (done.isSuccess()) {
                                Replies.fail(ctx.channel(), ErrorCode.ERROR_CODE_RATE_LIMITED, cap.refusal());
                            } else {
                                ctx.close();
                            }
                        }
                    }
                });
        pipeline.addLast(ERRORS, ProtocolErrorHandler.INSTANCE);
    }
}
