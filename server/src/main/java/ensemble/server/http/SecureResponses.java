package ensemble.server.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;
import java.util.Locale;

/**
 * On a TLS listener, every response tells the browser to use HTTPS only from now on
 * ({@code Strict-Transport-Security}) and every cookie it sets is {@code Secure}, so the console
 * login never travels in clear text, whichever route set the cookie.
 */
@Sharable
final class SecureResponses extends ChannelOutboundHandlerAdapter {
    static final SecureResponses INSTANCE = new SecureResponses();
    /** One year: the value browsers and the HSTS preload list expect. */
    static final String HSTS = "max-age=31536000";

    private SecureResponses() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            HttpHeaders headers = response.headers();
            headers.set("Strict-Transport-Security", HSTS);
            List<String> cookies = headers.getAll(HttpHeaderNames.SET_COOKIE);
            if (!cookies.isEmpty()) {
                headers.remove(HttpHeaderNames.SET_COOKIE);
                for (String cookie : cookies) {
                    headers.add(HttpHeaderNames.SET_COOKIE, secure(cookie));
                }
            }
        }
        ctx.write(msg, promise);
    }

    static String secure(String cookie) {
        for (String attribute : cookie.split(";")) {
            if (attribute.trim().toLowerCase(Locale.ROOT).equals("secure")) {
                return cookie;
            }
        }
        return cookie + "; Secure";
    }
}
