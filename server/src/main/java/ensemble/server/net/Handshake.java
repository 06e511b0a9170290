package ensemble.server.net;

import ensemble.v1.Hello;
import io.netty.channel.Channel;

/**
 * What the control channel asks once a {@code Hello} passed the protocol checks: admit this
 * connection to a session. Called on the connection's event loop; implementations must not block
 * (they hand the request to the session's tick thread and answer asynchronously).
 */
@FunctionalInterface
public interface Handshake {
    /**
     * Admits {@code channel}, which sent {@code hello}. The implementation writes the
     * {@code Welcome} (and swaps the pipeline to the joined state) or a typed fatal error.
     */
    void admit(Channel channel, Hello hello);
}
