package ensemble.client.xr;

/**
 * What the client does in each OpenXR session state (OpenXR 1.0, section 9.3), pure so every
 * transition is tested: begin the session when READY, run frames from then on, render while
 * VISIBLE or FOCUSED, take input only when FOCUSED, end the session when STOPPING, and leave when
 * the runtime says EXITING or LOSS_PENDING (or the person asked to quit and the session stopped).
 */
public final class SessionPhase {
    /** The states of {@code XrSessionState} in the spec's numbering. */
    public enum State { UNKNOWN, IDLE, READY, SYNCHRONIZED, VISIBLE, FOCUSED, STOPPING, LOSS_PENDING, EXITING }

    /** What the lifecycle must do after a state change. */
    public enum Step { NONE, BEGIN, END, EXIT }

    private State state = State.UNKNOWN;
    private boolean running;
    private boolean exitRequested;

    /** The runtime reported {@code next}; returns what to do about it. */
    public Step changed(State next) {
        state = next;
        return switch (next) {
            case READY -> {
                running = true;
                yield Step.BEGIN;
            }
            case STOPPING -> {
                running = false;
                yield Step.END;
            }
            case EXITING, LOSS_PENDING -> {
                running = false;
                yield Step.EXIT;
            }
            case IDLE -> exitRequested ? Step.EXIT : Step.NONE;
            default -> Step.NONE;
        };
    }

    /** The person asked to quit: the caller requests the exit; the runtime then walks STOPPING, IDLE, EXITING. */
    public void requestExit() {
        exitRequested = true;
    }

    public static State of(int xrSessionState) {
        State[] all = State.values();
        return xrSessionState >= 0 && xrSessionState < all.length ? all[xrSessionState] : State.UNKNOWN;
    }

    public State state() {
        return state;
    }

    /** Frames must be waited, begun and ended. */
    public boolean running() {
        return running;
    }

    /** The compositor shows our layers. */
    public boolean visible() {
        return running && (state == State.VISIBLE || state == State.FOCUSED);
    }

    /** Input reaches us (another app or the system menu has not taken it). */
    public boolean focused() {
        return running && state == State.FOCUSED;
    }

    public boolean exitRequested() {
        return exitRequested;
    }
}
