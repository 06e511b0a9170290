package ensemble.server.http;

import ensemble.server.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP connections that hold the node without moving (slowloris and its kin):
 * <ul>
 *   <li>a request must arrive whole within {@link Limits#httpRequestTimeout()} of its first byte,
 *       and a new connection's first request within that time of the connection;</li>
 *   <li>an upload larger than the default body limit (only a facilitator's gets that far) must
 *       instead keep moving: the deadline restarts with every chunk;</li>
 *   <li>a connection with no request in progress (keep-alive, or a response the client does not
 *       read) is closed after {@link Limits#httpIdleTimeout()}.</li>
 * </ul>
 * It sits after the HTTP codec, which shows whole requests and responses; the first byte of a
 * request is seen by its {@link #byteWatch()}, which sits before the codec.
 *
 * <p>One per connection; its event loop only.
 */
final class HttpDeadline extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpDeadline.class);

    private enum State { READING, ANSWERING, IDLE }

    private final long requestMillis;
    private final long idleMillis;
    private final long maxBodyBytes;
    private ChannelHandlerContext ctx;
    private State state = State.READING;
    private boolean upload;
    private ScheduledFuture<?> timer;

    HttpDeadline(Limits limits) {
        this.requestMillis = limits.httpRequestTimeout().toMillis();
        this.idleMillis = limits.httpIdleTimeout().toMillis();
        this.maxBodyBytes = limits.maxBodyBytes();
    }

    /** The handler that tells this one when the first byte of a request arrives; goes before the codec. */
    ChannelInboundHandlerAdapter byteWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext byteCtx, Object msg) {
                if (state == State.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    reading();
                }
                byteCtx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            arm(requestMillis); // added to a live connection: its channelActive has passed
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(requestMillis);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            if (state != State.READING) {
                reading();
            }
            upload = HttpUtil.getContentLength(request, 0L) > maxBodyBytes;
        }
        if (msg instanceof LastHttpContent) {
            state = State.ANSWERING;
            arm(idleMillis);
        } else if (msg instanceof HttpContent && upload) {
            arm(requestMillis);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent && state == State.ANSWERING) {
            promise = promise.unvoid();
            promise.addListener(written -> {
                if (written.isSuccess() && state == State.ANSWERING) {
                    state = State.IDLE;
                    arm(idleMillis);
                }
            });
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel(); // a WebSocket upgrade takes the connection over
    }

    private void reading() {
        state = State.READING;
        upload = false;
        arm(requestMillis);
    }

    private void arm(long millis) {
        cancel();
        State armedIn = state;
        timer = ctx.executor().schedule(() -> {
            log.debug("closing HTTP connection {}: {} for {} ms", ctx.channel().remoteAddress(),
                    armedIn == State.READING ? "request not received" : "idle", millis);
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
