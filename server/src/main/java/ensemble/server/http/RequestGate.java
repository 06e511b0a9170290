package ensemble.server.http;

import ensemble.server.Limits;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decides on each request from its head alone, before any byte of its body is kept: the login
 * backoff for {@code Authorization: Basic}, the {@link Csrf} checks, and the body limit. The limit
 * is {@link Limits#maxBodyBytes()} unless the route takes an upload and the caller is a
 * facilitator ({@link Limits#maxUploadBytes()}). A declared {@code Content-Length} over it is
 * refused at once; a chunked body is counted as it arrives and refused when it passes the limit,
 * so the aggregator behind never holds more than the limit.
 *
 * <p>A refused request is answered (413, 403, 415 or 429 with a JSON body), the rest of what the
 * client sends is dropped, our side is half-closed so the client reads the answer, and the
 * connection is closed when the client closes or after {@link #LINGER_MILLIS}.
 *
 * <p>One per connection; runs on its event loop.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {
    /** How long a refused connection may linger for the client to read the answer. */
    static final long LINGER_MILLIS = 2000;

    private final HttpRoutes routes;
    private final ConsoleAuth auth;
    private final Limits limits;
    private long limit;
    private long received;
    private boolean refused;

    RequestGate(HttpRoutes routes, ConsoleAuth auth, Limits limits) {
        this.routes = routes;
        this.auth = auth;
        this.limits = limits;
        this.limit = limits.maxBodyBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            received = 0;
            HttpReply refusal = check(ctx, request);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, refusal);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            received += content.content().readableBytes();
            if (received > limit) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, tooLarge(limit));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private HttpReply check(ChannelHandlerContext ctx, HttpRequest request) {
        limit = limits.maxBodyBytes();
        if (!request.decoderResult().isSuccess()) {
            return null; // the router answers 400 with the reason
        }
        HttpRoutes.Match match = routes.match(request.method(), new QueryStringDecoder(request.uri()).path());
        ConsoleAuth.Attempt basic = auth.attemptBasic(request.headers(), addressOf(ctx));
        if (basic != null && basic.throttled()) {
            return basic.throttledReply();
        }
        if (match.handler() != null && Csrf.stateChanging(request.method())) {
            HttpReply refusal = Csrf.refusal(request, match.uploadType());
            if (refusal != null) {
                return refusal;
            }
        }
        if (match.uploadType() != null && auth.authenticate(request.headers()) instanceof Caller.Facilitator) {
            limit = limits.maxUploadBytes();
        }
        return HttpUtil.getContentLength(request, 0L) > limit ? tooLarge(limit) : null;
    }

    private void refuse(ChannelHandlerContext ctx, HttpReply reply) {
        refused = true;
        end(ctx, HttpHandler.response(HttpVersion.HTTP_1_1, HttpMethod.GET, reply));
    }

    static HttpReply tooLarge(long limit) {
        return HttpReply.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Map.of("error", "body_too_large",
                "message", "request bodies here are limited to " + limit + " bytes", "limitBytes", limit));
    }

    /**
     * Sends {@code response} as the connection's last word: {@code Connection: close}, flushed,
     * our side half-closed so that the client reads it (closing outright while it still sends
     * would reset the connection and lose the answer), closed after {@link #LINGER_MILLIS}.
     */
    static void end(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess() && written.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                written.channel().eventLoop().schedule(() -> {
                    written.channel().close();
                }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                written.channel().close();
            }
        });
    }

    static InetAddress addressOf(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
    }
}
