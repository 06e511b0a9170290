package ensemble.server.http;

import ensemble.server.session.SessionRegistry;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code GET /api/sessions/{id}/live} with a WebSocket upgrade into a {@link LiveFeed}:
 * checks the caller (a facilitator, by cookie or bearer) and the {@code Origin} (same host
 * only, so another site cannot ride the browser's cookie), then swaps the HTTP router for the
 * feed. Every other request passes on to the router untouched.
 */
@Sharable
public final class LiveFeedUpgrade extends ChannelInboundHandlerAdapter {
    /** Largest frame a console may send on the feed (it only ever sends pings and close). */
    static final int MAX_INBOUND_FRAME_BYTES = 4096;
    private static final Pattern PATH = Pattern.compile("/api/sessions/([^/]+)/live");

    private final SessionRegistry registry;
    private final ConsoleAuth auth;

    public LiveFeedUpgrade(SessionRegistry registry, ConsoleAuth auth) {
        this.registry = registry;
        this.auth = auth;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Matcher path = PATH.matcher(new QueryStringDecoder(request.uri()).path());
        if (!path.matches()) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            upgrade(ctx, request, path.group(1));
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, request, HttpReply.error(HttpResponseStatus.BAD_REQUEST, "websocket_required",
                    "the live feed is a WebSocket; connect with an Upgrade: websocket request"));
            return;
        }
        Caller caller = auth.authenticate(request.headers());
        if (caller == null) {
            refuse(ctx, request, ApiGuard.unauthenticated());
            return;
        }
        if (!(caller instanceof Caller.Facilitator)) {
            refuse(ctx, request, ApiGuard.forbidden());
            return;
        }
        if (!Csrf.sameOrigin(request.headers())) {
            refuse(ctx, request, HttpReply.error(HttpResponseStatus.FORBIDDEN, "bad_origin",
                    "the live feed only accepts pages served by this server"));
            return;
        }
        if (registry.find(sessionId) == null) {
            refuse(ctx, request, SessionApi.notFound(sessionId));
            return;
        }
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, false,
                MAX_INBOUND_FRAME_BYTES).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        // The feed lives as long as the console watches: no request deadline, no body gate.
        ctx.pipeline().remove(HttpChannelInitializer.BYTE_WATCH);
        ctx.pipeline().remove(HttpChannelInitializer.DEADLINE);
        ctx.pipeline().remove(HttpChannelInitializer.GATE);
        ctx.pipeline().remove(HttpChannelInitializer.KEEP_ALIVE);
        ctx.pipeline().remove(HttpChannelInitializer.ROUTER);
        ctx.pipeline().replace(this, HttpChannelInitializer.LIVE_FEED, new LiveFeed(registry, sessionId, handshaker));
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (done.isSuccess()) {
                ((LiveFeed) ctx.channel().pipeline().get(HttpChannelInitializer.LIVE_FEED)).begin();
            } else {
                ctx.channel().close();
            }
        });
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpReply reply) {
        HttpHandler.write(ctx, request.protocolVersion(), request.method(), reply);
    }
}
