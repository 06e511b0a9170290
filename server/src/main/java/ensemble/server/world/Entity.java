package ensemble.server.world;

/**
 * An entity of a session's world. Owned by the session's tick thread: no other thread reads or
 * writes it. Position in metres, rotation a unit quaternion {x, y, z, w}.
 */
public final class Entity {
    private final int index;
    private final Scene.EntitySpec spec;
    public final float[] position = new float[3];
    public final float[] rotation = new float[4];
    /** Index of the participant holding it, or -1. */
    private int holder = -1;
    private boolean holderLeftHand;
    /** Pose relative to the holding hand. */
    private final float[] holdOffset = new float[3];
    private final float[] holdRotation = new float[4];
    private String state;
    private boolean highlighted;
    private boolean present;

    public Entity(int index, Scene.EntitySpec spec) {
        this.index = index;
        this.spec = spec;
        reset();
    }

    /** Puts the entity back as the scene starts with it. */
    public void reset() {
        position[0] = spec.position().x();
        position[1] = spec.position().y();
        position[2] = spec.position().z();
        float[] r = spec.rotation();
        System.arraycopy(r, 0, rotation, 0, 4);
        Rotations.normalize(rotation);
        holder = -1;
        state = spec.state();
        highlighted = false;
        present = spec.present();
    }

    /** False while the entity is not in the world (not spawned yet, or despawned). */
    public boolean present() {
        return present;
    }

    public void setPresent(boolean value) {
        present = value;
        if (!value) {
            holder = -1;
        }
    }

    public int index() {
        return index;
    }

    public String id() {
        return spec.id();
    }

    public Scene.EntitySpec spec() {
        return spec;
    }

    public int holder() {
        return holder;
    }

    public boolean heldInLeftHand() {
        return holderLeftHand;
    }

    public String state() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public boolean highlighted() {
        return highlighted;
    }

    public void setHighlighted(boolean on) {
        highlighted = on;
    }

    /** Attaches the entity to a hand, keeping its current world pose relative to that hand. */
    public void grab(int participant, boolean leftHand, float[] handPosition, float[] handRotation) {
        holder = participant;
        holderLeftHand = leftHand;
        float[] inverse = new float[4];
        Rotations.conjugate(handRotation, inverse);
        Rotations.rotate(inverse, position[0] - handPosition[0], position[1] - handPosition[1],
                position[2] - handPosition[2], holdOffset);
        Rotations.multiply(inverse, rotation, holdRotation);
    }

    public void release() {
        holder = -1;
    }

    /** Moves a held entity with its hand; {@code scratch} is a caller-owned 4-float buffer. */
    public void follow(float[] handPosition, float[] handRotation, float[] scratch) {
        Rotations.rotate(handRotation, holdOffset[0], holdOffset[1], holdOffset[2], scratch);
        position[0] = handPosition[0] + scratch[0];
        position[1] = handPosition[1] + scratch[1];
        position[2] = handPosition[2] + scratch[2];
        Rotations.multiply(handRotation, holdRotation, scratch);
        System.arraycopy(scratch, 0, rotation, 0, 4);
        Rotations.normalize(rotation);
    }

    public void moveTo(float x, float y, float z) {
        position[0] = x;
        position[1] = y;
        position[2] = z;
    }
}
