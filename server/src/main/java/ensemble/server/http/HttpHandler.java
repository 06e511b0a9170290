package ensemble.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches complete HTTP requests to {@link HttpRoutes} and writes their replies. */
@Sharable
public final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

    private final HttpRoutes routes;

    public HttpHandler(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            write(ctx, request.protocolVersion(), request.method(), HttpReply.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "malformed HTTP request: " + request.decoderResult().cause()));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        HttpRoutes.Match match = routes.match(request.method(), uri.path());
        if (match.handler() == null) {
            write(ctx, request.protocolVersion(), request.method(), match.failure() == HttpResponseStatus.NOT_FOUND
                    ? HttpReply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such resource: " + uri.path())
                    : HttpReply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                            request.method() + " is not allowed on " + uri.path()));
            return;
        }
        HttpVersion version = request.protocolVersion();
        HttpMethod method = request.method();
        String path = uri.path();
        CompletionStage<HttpReply> reply;
        try {
            reply = match.handler().handle(new HttpRoutes.Request(request, match.params(), path, uri.parameters(),
                    RequestGate.addressOf(ctx)));
        } catch (Exception e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((value, failure) -> {
            HttpReply answer = value;
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof IllegalArgumentException) {
                    answer = HttpReply.error(HttpResponseStatus.BAD_REQUEST, "bad_request", cause.getMessage());
                } else {
                    log.warn("{} {} failed", method, path, cause);
                    answer = HttpReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal server error");
                }
            }
            HttpReply done = answer;
            if (ctx.executor().inEventLoop()) {
                write(ctx, version, method, done);
            } else {
                ctx.executor().execute(() -> write(ctx, version, method, done));
            }
        });
    }

    static void write(ChannelHandlerContext ctx, HttpVersion version, HttpMethod method, HttpReply reply) {
        // HttpServerKeepAliveHandler, earlier in the pipeline, sets Connection and closes when asked.
        ctx.writeAndFlush(response(version, method, reply));
    }

    /** The response that carries {@code reply}, with the headers every answer of this server has. */
    static FullHttpResponse response(HttpVersion version, HttpMethod method, HttpReply reply) {
        boolean head = method.equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(version, reply.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        reply.headers().forEach(response.headers()::set);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
