package ensemble.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.Limits;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The HTTP deadlines on a frozen clock: fresh connections, trickled requests, keep-alive idling, uploads. */
class HttpDeadlineTest {
    private static final Limits LIMITS = Limits.DEFAULTS.withHttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));

    /** A pipeline as the server builds it, with a router that answers every complete request 200. */
    private static EmbeddedChannel connection() {
        HttpDeadline deadline = new HttpDeadline(LIMITS);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime(); // before the first deadline is armed
        channel.pipeline().addLast(deadline.byteWatch(), new HttpServerCodec(), deadline,
                new SimpleChannelInboundHandler<HttpObject>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                        if (msg instanceof LastHttpContent) {
                            DefaultFullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                            ok.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                            ctx.writeAndFlush(ok);
                        }
                    }
                });
        return channel;
    }

    private static void after(EmbeddedChannel channel, long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    private static void send(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheRequestTimeout() {
        EmbeddedChannel channel = connection();
        after(channel, 9_500);
        assertTrue(channel.isOpen());
        after(channel, 1_000);
        assertFalse(channel.isOpen());
    }

    @Test
    void tricklingAHalfRequestDoesNotBuyTime() {
        EmbeddedChannel channel = connection();
        for (int i = 0; i < 9; i++) {
            after(channel, 1_000);
            send(channel, i == 0 ? "GET / HTTP/1.1\r\n" : "X-Slow-" + i + ": 1\r\n");
        }
        assertTrue(channel.isOpen());
        after(channel, 1_500);
        assertFalse(channel.isOpen(), "10 s after the connection, however the bytes dribble");
    }

    @Test
    void aKeepAliveConnectionIdlesUntilTheIdleTimeoutAndANewRequestHasTheRequestTimeout() {
        EmbeddedChannel channel = connection();
        send(channel, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        after(channel, 59_000);
        assertTrue(channel.isOpen(), "idle, not reading a request: the idle timeout applies");
        send(channel, "GET /healthz HTTP/1.1\r\n");
        after(channel, 9_500);
        assertTrue(channel.isOpen());
        after(channel, 1_000);
        assertFalse(channel.isOpen(), "the next request's first byte started the request timeout");

        EmbeddedChannel idle = connection();
        send(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        after(idle, 61_000);
        assertFalse(idle.isOpen());
    }

    @Test
    void anUploadMayTakeLongerWhileItMoves() {
        EmbeddedChannel channel = connection();
        send(channel, "POST /api/recordings HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
        for (int i = 0; i < 5; i++) {
            after(channel, 9_000);
            send(channel, "x".repeat(1000));
        }
        assertTrue(channel.isOpen(), "45 s into an upload that keeps moving");
        after(channel, 10_500);
        assertFalse(channel.isOpen(), "a stalled upload is closed");
    }
}
