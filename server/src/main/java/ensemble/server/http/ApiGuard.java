package ensemble.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Wraps API handlers with the role check: no valid credential is 401, a participant's join
 * token on a facilitator endpoint is 403. The check runs before the handler reads anything.
 */
public final class ApiGuard {
    /** A handler that is told who is calling. */
    @FunctionalInterface
    public interface CallerHandler {
        CompletionStage<HttpReply> handle(HttpRoutes.Request request, Caller caller) throws Exception;
    }

    /** The same, for handlers that answer at once. */
    @FunctionalInterface
    public interface SyncCallerHandler {
        HttpReply handle(HttpRoutes.Request request, Caller caller) throws Exception;
    }

    private final ConsoleAuth auth;

    public ApiGuard(ConsoleAuth auth) {
        this.auth = auth;
    }

    public ConsoleAuth auth() {
        return auth;
    }

    /** Only a facilitator may call {@code handler}. */
    public HttpRoutes.AsyncHandler facilitator(CallerHandler handler) {
        return request -> {
            Caller caller = auth.authenticate(request.raw().headers());
            if (caller == null) {
                return done(unauthenticated());
            }
            if (!(caller instanceof Caller.Facilitator)) {
                return done(forbidden());
            }
            return handler.handle(request, caller);
        };
    }

    public HttpRoutes.AsyncHandler facilitatorNow(SyncCallerHandler handler) {
        return facilitator((request, caller) -> done(handler.handle(request, caller)));
    }

    /**
     * A facilitator, or a participant whose join token is for the session named by the route's
     * {@code id} parameter.
     */
    public HttpRoutes.AsyncHandler facilitatorOrMember(CallerHandler handler) {
        return request -> {
            Caller caller = auth.authenticate(request.raw().headers());
            if (caller == null) {
                return done(unauthenticated());
            }
            if (caller instanceof Caller.Participant member && !member.sessionId().equals(request.param("id"))) {
                return done(forbidden());
            }
            return handler.handle(request, caller);
        };
    }

    public static HttpReply unauthenticated() {
        return HttpReply.error(HttpResponseStatus.UNAUTHORIZED, "unauthenticated",
                "log in as a facilitator (POST /api/login) or send Authorization: Bearer")
                .withHeader("WWW-Authenticate", "Bearer realm=\"ensemble\"");
    }

    public static HttpReply forbidden() {
        return HttpReply.error(HttpResponseStatus.FORBIDDEN, "forbidden", "this needs a facilitator");
    }

    static CompletionStage<HttpReply> done(HttpReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
