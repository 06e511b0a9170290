package ensemble.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * HTTP pipeline: codec → keep-alive → aggregator (bounded body) → live-feed upgrade → router.
 * A WebSocket upgrade to a session's live feed swaps keep-alive and router for a {@link LiveFeed}.
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Largest request body accepted, in bytes (a recording import is the largest legitimate one). */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    static final String CODEC = "http-codec";
    static final String KEEP_ALIVE = "http-keepalive";
    static final String AGGREGATOR = "http-aggregator";
    static final String UPGRADE = "live-feed-upgrade";
    static final String LIVE_FEED = "live-feed";
    static final String ROUTER = "http-router";

    private final HttpHandler handler;
    private final LiveFeedUpgrade upgrade;

    public HttpChannelInitializer(HttpRoutes routes, LiveFeedUpgrade upgrade) {
        this.handler = new HttpHandler(routes);
        this.upgrade = upgrade;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast(CODEC, new HttpServerCodec())
                .addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler())
                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast(UPGRADE, upgrade)
                .addLast(ROUTER, handler);
    }
}
