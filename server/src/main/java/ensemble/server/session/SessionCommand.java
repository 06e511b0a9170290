package ensemble.server.session;

import ensemble.server.session.TokenSigner.JoinToken;
import ensemble.server.session.TokenSigner.ResumeToken;
import ensemble.v1.Hello;
import io.netty.channel.Channel;
import java.util.function.Consumer;

/**
 * Work handed to a session's tick thread by other threads. The tick drains these first, in
 * arrival order, so every change to the world happens on the one thread that owns it.
 */
public sealed interface SessionCommand {
    /** A connection with a verified join token asks to join. {@code admitted} runs on the tick thread. */
    record Join(Channel channel, Hello hello, JoinToken token, Consumer<Participant> admitted) implements SessionCommand {
    }

    /** A connection with a verified resume token asks to take its participant back. */
    record Resume(Channel channel, Hello hello, ResumeToken token, Consumer<Participant> admitted)
            implements SessionCommand {
    }

    /** A participant's connection closed. */
    record Disconnected(Participant participant, Channel channel) implements SessionCommand {
    }

    /** Anything else that must run on the tick thread (API reads, facilitator commands). */
    record Task(Consumer<Session> work) implements SessionCommand {
    }
}
