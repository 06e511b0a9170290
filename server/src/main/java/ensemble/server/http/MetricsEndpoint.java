package ensemble.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: Prometheus text for a scraper that sends the configured metrics token as
 * {@code Authorization: Bearer}, or for a facilitator; 401 for anyone else. The scrape names
 * sessions' load and the JVM's state, which is nobody else's business.
 */
public final class MetricsEndpoint {
    private final byte[] token;
    private final ConsoleAuth auth;
    private final Supplier<String> scrape;

    /** @param token the metrics token, or null to leave the metrics to facilitators */
    public MetricsEndpoint(String token, ConsoleAuth auth, Supplier<String> scrape) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.auth = auth;
        this.scrape = scrape;
    }

    public void register(HttpRoutes routes) {
        routes.get("/metrics", request -> {
            if (!allowed(request)) {
                return HttpReply.error(HttpResponseStatus.UNAUTHORIZED, "unauthenticated",
                        "/metrics needs Authorization: Bearer with the metrics token (--metrics-token) "
                                + "or a facilitator's credentials")
                        .withHeader("WWW-Authenticate", "Bearer realm=\"ensemble-metrics\"");
            }
            return HttpReply.text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", scrape.get());
        });
    }

    private boolean allowed(HttpRoutes.Request request) {
        String authorization = request.raw().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (token != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
            return true;
        }
        return auth.authenticate(request.raw().headers()) instanceof Caller.Facilitator;
    }
}
