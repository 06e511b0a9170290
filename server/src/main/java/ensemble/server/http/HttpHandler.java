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
import io.netty.handler.codec.http.QueryStringDecoder;
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
            write(ctx, request, HttpReply.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "malformed HTTP request: " + request.decoderResult().cause()));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        HttpRoutes.Match match = routes.match(request.method(), uri.path());
        HttpReply reply;
        if (match.handler() == null) {
            reply = match.failure() == HttpResponseStatus.NOT_FOUND
                    ? HttpReply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such resource: " + uri.path())
                    : HttpReply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                            request.method() + " is not allowed on " + uri.path());
        } else {
            try {
                reply = match.handler().handle(new HttpRoutes.Request(request, match.params(), uri.path(), uri.parameters()));
            } catch (IllegalArgumentException e) {
                reply = HttpReply.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
            } catch (Exception e) {
                log.warn("{} {} failed", request.method(), uri.path(), e);
                reply = HttpReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal server error");
            }
        }
        write(ctx, request, reply);
    }

    static void write(ChannelHandlerContext ctx, FullHttpRequest request, HttpReply reply) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), reply.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        // HttpServerKeepAliveHandler, earlier in the pipeline, sets Connection and closes when asked.
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
