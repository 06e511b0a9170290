package ensemble.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** HTTP pipeline: codec → keep-alive → aggregator (bounded body) → router. */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Largest request body accepted, in bytes (a recording import is the largest legitimate one). */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpHandler handler;

    public HttpChannelInitializer(HttpRoutes routes) {
        this.handler = new HttpHandler(routes);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast("http-codec", new HttpServerCodec())
                .addLast("http-keepalive", new HttpServerKeepAliveHandler())
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast("http-router", handler);
    }
}
