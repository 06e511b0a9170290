package ensemble.client.app;

/**
 * Where other people's avatars and the entities are at the moment being drawn. The network feed
 * interpolates snapshots; the benchmark's synthetic feed moves walkers on a schedule. Render
 * thread only.
 */
public interface PoseFeed {
    /** Fixes the moment this frame shows; called once per frame before any sample. */
    void beginFrame();

    /**
     * Pose {@code pose} (HEAD, LEFT_HAND or RIGHT_HAND of {@code ensemble.proto.snapshot.Frame}) of
     * avatar {@code index} into {@code out} = {x, y, z, qx, qy, qz, qw}; false when not in view.
     */
    boolean avatar(int index, int pose, float[] out);

    /** Button flags of avatar {@code index} ({@code ensemble.v1.Button} bits). */
    int avatarFlags(int index);

    /** Pose of entity {@code index} like {@link #avatar}; false when it is not in the snapshots. */
    boolean entity(int index, float[] out);

    /** True once poses are available (the first snapshot arrived). */
    boolean ready();
}
