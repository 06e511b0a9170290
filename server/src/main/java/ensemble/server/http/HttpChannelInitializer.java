package ensemble.server.http;

import ensemble.server.Limits;
import ensemble.server.net.ConnectionCap;
import ensemble.server.tls.ServerTls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * HTTP pipeline: TLS (unless {@code --no-tls}) → byte watch → codec → HSTS and {@code Secure}
 * cookies (with TLS) → deadline → gate (login backoff, CSRF, body limit) → keep-alive →
 * aggregator (bounded by the gate) → live-feed upgrade → router. A WebSocket upgrade to a
 * session's live feed swaps the HTTP-only stages for a {@link LiveFeed}. A connection past its
 * address's {@link ConnectionCap} is answered 429 and closed.
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String TLS = "tls";
    static final String BYTE_WATCH = "http-byte-watch";
    static final String CODEC = "http-codec";
    static final String SECURE_RESPONSES = "secure-responses";
    static final String DEADLINE = "http-deadline";
    static final String GATE = "http-gate";
    static final String KEEP_ALIVE = "http-keepalive";
    static final String AGGREGATOR = "http-aggregator";
    static final String UPGRADE = "live-feed-upgrade";
    static final String LIVE_FEED = "live-feed";
    static final String ROUTER = "http-router";

    private final HttpRoutes routes;
    private final HttpHandler handler;
    private final LiveFeedUpgrade upgrade;
    private final ConsoleAuth auth;
    private final Limits limits;
    private final ConnectionCap cap;
    private ServerTls tls = ServerTls.disabled();
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    public HttpChannelInitializer(HttpRoutes routes, Console console, Limits limits, ConnectionCap cap) {
        this.routes = routes;
        this.handler = new HttpHandler(routes);
        this.upgrade = console.liveFeed();
        this.auth = console.guard().auth();
        this.limits = limits;
        this.cap = cap;
    }

    /** Serves HTTPS (and WSS) when {@code value} is enabled. */
    public HttpChannelInitializer withTls(ServerTls value, Duration timeout) {
        this.tls = value;
        this.handshakeTimeout = timeout;
        return this;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (tls.enabled()) {
            channel.pipeline().addLast(TLS, tls.newHandler(channel.alloc(), handshakeTimeout));
        }
        if (!cap.admit(channel)) {
            channel.pipeline().addLast(CODEC, new HttpServerCodec()).addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    if (!tls.enabled()) {
                        refuse(ctx);
                    }
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    // Over TLS the answer can only be read once the handshake is done.
                    if (event instanceof SslHandshakeCompletionEvent done) {
                        if (done.isSuccess()) {
                            refuse(ctx);
                        } else {
                            ctx.close();
                        }
                    }
                }

                private void refuse(ChannelHandlerContext ctx) {
                    RequestGate.end(ctx, HttpHandler.response(HttpVersion.HTTP_1_1, HttpMethod.GET,
                            HttpReply.error(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_connections", cap.refusal())));
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                }
            });
            return;
        }
        HttpDeadline deadline = new HttpDeadline(limits);
        channel.pipeline()
                .addLast(BYTE_WATCH, deadline.byteWatch())
                .addLast(CODEC, new HttpServerCodec())
                .addLast(DEADLINE, deadline)
                .addLast(GATE, new RequestGate(routes, auth, limits))
                .addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler())
                .addLast(AGGREGATOR, new HttpObjectAggregator(limits.maxUploadBytes()))
                .addLast(UPGRADE, upgrade)
                .addLast(ROUTER, handler);
        if (tls.enabled()) {
            channel.pipeline().addAfter(CODEC, SECURE_RESPONSES, SecureResponses.INSTANCE);
        }
    }
}
