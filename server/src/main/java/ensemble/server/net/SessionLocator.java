package ensemble.server.net;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Finds where a session that this node does not host lives (the session directory in Redis).
 * Answers asynchronously on {@code replyTo}; never blocks the caller.
 */
@FunctionalInterface
public interface SessionLocator {
    /** Where the session is. */
    enum Where { ELSEWHERE, MOVING, UNKNOWN }

    /** {@code endpoint} ("host:port") is set when the session is {@link Where#ELSEWHERE}. */
    record Answer(Where where, String endpoint) {
    }

    void locate(String sessionId, Executor replyTo, Consumer<Answer> reply);

    /** A node without Redis knows only its own sessions. */
    SessionLocator NONE = (sessionId, replyTo, reply) -> replyTo.execute(() -> reply.accept(new Answer(Where.UNKNOWN, "")));
}
