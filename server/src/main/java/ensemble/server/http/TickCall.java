package ensemble.server.http;

import ensemble.server.session.Session;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs a piece of an API call on a session's tick thread and brings its reply back. */
final class TickCall {
    /** Longest an API call waits for a session's tick thread, seconds. */
    static final long TIMEOUT_SECONDS = 5;

    private TickCall() {
    }

    /**
     * Computes the reply on the tick thread. The future completes there; {@link HttpHandler}
     * writes it on the channel's event loop. A session whose command queue is full answers 503.
     */
    static CompletionStage<HttpReply> on(Session session, Function<Session, HttpReply> work) {
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        boolean queued = session.submit(s -> {
            try {
                reply.complete(work.apply(s));
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        if (!queued) {
            reply.complete(HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "session is busy"));
        }
        return reply.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
