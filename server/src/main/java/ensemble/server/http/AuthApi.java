package ensemble.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facilitator login and logout ({@code /api/login}, {@code /api/logout}) and who am I ({@code /api/me}). */
public final class AuthApi {
    private final ConsoleAuth auth;

    public AuthApi(ConsoleAuth auth) {
        this.auth = auth;
    }

    public void register(HttpRoutes routes) {
        routes.post("/api/login", request -> login(request.jsonBody(), request.from()));
        routes.post("/api/logout", request -> {
            auth.logout(ConsoleAuth.cookieToken(request.raw().headers()));
            String authorization = request.raw().headers().get("Authorization");
            if (authorization != null && authorization.startsWith("Bearer ")) {
                auth.logout(authorization.substring(7).trim());
            }
            return HttpReply.ok(Map.of("loggedOut", true)).withHeader("Set-Cookie", ConsoleAuth.cookie(null));
        });
        routes.addAsync(HttpMethod.GET, "/api/me", request -> {
            Caller caller = auth.authenticate(request.raw().headers());
            if (caller == null) {
                return ApiGuard.done(ApiGuard.unauthenticated());
            }
            Map<String, Object> me = new LinkedHashMap<>();
            if (caller instanceof Caller.Facilitator facilitator) {
                me.put("role", "facilitator");
                me.put("user", facilitator.user());
            } else if (caller instanceof Caller.Participant participant) {
                me.put("role", participant.role());
                me.put("session", participant.sessionId());
                me.put("kind", participant.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
            return ApiGuard.done(HttpReply.ok(me));
        });
    }

    private HttpReply login(JsonNode body, InetAddress from) {
        String user = body.path("user").asText("");
        String password = body.path("password").asText("");
        if (user.isEmpty() || password.isEmpty() || user.length() > 64 || password.length() > 256) {
            throw new IllegalArgumentException("login needs \"user\" (≤ 64 characters) and \"password\" (≤ 256)");
        }
        ConsoleAuth.Attempt attempt = auth.attempt(from, user, password);
        if (attempt.throttled()) {
            return attempt.throttledReply();
        }
        if (!attempt.accepted()) {
            return HttpReply.error(HttpResponseStatus.UNAUTHORIZED, "bad_credentials", "wrong user or password");
        }
        String token = auth.login();
        if (token == null) {
            return HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_logins",
                    "too many console logins are live; try again later");
        }
        return HttpReply.ok(Map.of("user", user, "token", token, "expiresInSeconds", ConsoleAuth.LOGIN_TTL_SECONDS))
                .withHeader("Set-Cookie", ConsoleAuth.cookie(token));
    }
}
