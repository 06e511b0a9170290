package ensemble.client.app;

import ensemble.client.input.PoseInput;
import ensemble.v1.ClientMessage;
import java.util.function.Consumer;

/**
 * What the client's app states share: the session model, the pose feed (set once the connection
 * is welcomed, or by the benchmark), the person's input and the way to send control messages.
 *
 * <p>Threads: render thread, except {@link #send}, which is safe from any thread.
 */
public final class ClientContext {
    private final SessionModel model;
    private final PoseInput input;
    private final Consumer<ClientMessage> sender;
    private final boolean spectator;
    private PoseFeed feed;

    public ClientContext(SessionModel model, PoseInput input, Consumer<ClientMessage> sender, boolean spectator) {
        this.model = model;
        this.input = input;
        this.sender = sender;
        this.spectator = spectator;
    }

    public SessionModel model() {
        return model;
    }

    public PoseInput input() {
        return input;
    }

    public boolean spectator() {
        return spectator;
    }

    /** The pose feed, or null before the first Welcome. */
    public PoseFeed feed() {
        return feed;
    }

    public void setFeed(PoseFeed value) {
        feed = value;
    }

    public void send(ClientMessage message) {
        sender.accept(message);
    }
}
