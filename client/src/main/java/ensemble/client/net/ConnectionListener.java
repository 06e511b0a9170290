package ensemble.client.net;

import ensemble.proto.snapshot.Frame;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import ensemble.v1.Welcome;

/**
 * What a {@link ServerConnection} reports. Called on the connection's Netty event loop: a UI
 * must hand the work to its own thread (jME: {@code app.enqueue}) and must not block here.
 */
public interface ConnectionListener {
    /** Joined (or resumed, when {@code welcome.getResumed()}). */
    default void onWelcome(Welcome welcome) {
    }

    /** A snapshot decoded into {@code frame} (owned by the connection: copy what you keep). */
    default void onSnapshot(Frame frame, Snapshot snapshot) {
    }

    /** Any other server message: events, chat, grab results, errors, status. */
    default void onMessage(ServerMessage message) {
    }

    /** The connection dropped; {@code resuming} says whether the client is trying to come back. */
    default void onDisconnected(String reason, boolean resuming) {
    }

    /** A step of looking for the session after a drop (lookup, redirect, moving, unreachable). */
    default void onLocatorEvent(SessionLocator.Event event) {
    }

    /** The connection ended for good (closed by us, refused, removed, or resume gave up). */
    default void onClosed(String reason) {
    }
}
