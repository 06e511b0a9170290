package ensemble.client.input;

/**
 * Where a participant's head and hands are and what they ask to do: the one thing game logic
 * (own avatar, interaction, input sending) reads about the person. Pure Java, no jME: the desktop
 * implementation ({@link DesktopRig}) drives it from mouse and keyboard; the OpenXR mode will
 * drive it from the runtime's head and controller poses.
 *
 * <p>Threads: render thread only. The connection copies what it sends (see
 * {@code ensemble.client.app.ConnectionState}).
 */
public interface PoseInput {
    /** Advances by {@code tpf} seconds (movement, smoothing); called once per frame before reads. */
    void update(float tpf);

    TrackedPose head();

    TrackedPose leftHand();

    TrackedPose rightHand();

    /**
     * The pointing ray: origin into {@code origin} and unit direction into {@code direction}
     * (three floats each, world metres).
     */
    void pointer(float[] origin, float[] direction);

    /** Bit set of {@code ensemble.v1.Button} values held now (grip, talking, typing, ...). */
    int buttons();

    /** The oldest intent not yet taken, or null. */
    Intent pollIntent();

    /** Tells the input whether the right hand holds something (the hand then reaches forward). */
    void setHolding(boolean holding);

    /**
     * Asks the right hand to reach toward a point before a grab or use (a desktop hand must move
     * there; a tracked controller is already where the person put it, so the default does nothing).
     */
    default void reachToward(float x, float y, float z) {
    }

    default void stopReaching() {
    }

    /** True when the right hand is where it was asked to reach (always, for tracked hands). */
    default boolean handArrived() {
        return true;
    }
}
