package ensemble.client.input;

import java.util.ArrayDeque;

/**
 * The desktop body: a person standing (or, for a spectator, flying) in the scene, turned by the
 * mouse and moved by the keyboard, with two hands that hang at the sides, reach toward what they
 * grab and hold things out in front. Pure Java so its motion rules are tested without jME;
 * {@link DesktopInputState} feeds it from jME's input manager.
 *
 * <p>Conventions (jME's right-handed, Y-up frame): yaw 0 looks along +Z; positive yaw turns left
 * (counter-clockwise seen from above, toward +X from +Z); positive pitch looks down.
 * Threads: render thread only.
 */
public final class DesktopRig implements PoseInput {
    /** Walking speed, metres per second (a brisk walk; the server allows up to 8). */
    public static final float WALK_SPEED = 1.8f;
    /** Flying speed of a spectator, metres per second. */
    public static final float FLY_SPEED = 4f;
    /** Eye height of a standing adult, metres. */
    public static final float EYE_HEIGHT = 1.65f;
    /** Farthest a desktop hand reaches from the eyes, metres (the server allows 1.1). */
    public static final float ARM_REACH = 1.0f;
    /** How far a held object is carried in front of the eyes, metres. */
    static final float CARRY_DISTANCE = 0.55f;
    static final float MAX_PITCH = (float) Math.toRadians(85);
    /** Hand speed toward its target, metres per second (the server clamps at 15). */
    static final float HAND_SPEED = 6f;
    static final int MAX_QUEUED_INTENTS = 8;

    private final TrackedPose head = new TrackedPose();
    private final TrackedPose left = new TrackedPose();
    private final TrackedPose right = new TrackedPose();
    private final ArrayDeque<Intent> intents = new ArrayDeque<>();
    private float x;
    private float y = EYE_HEIGHT;
    private float z;
    private float yaw;
    private float pitch;
    private float moveForward;
    private float moveStrafe;
    private float moveUp;
    private boolean flying;
    private boolean holding;
    private boolean reaching;
    private final float[] reachTarget = new float[3];
    private int buttons;
    private float minX = Float.NEGATIVE_INFINITY;
    private float minY = Float.NEGATIVE_INFINITY;
    private float minZ = Float.NEGATIVE_INFINITY;
    private float maxX = Float.POSITIVE_INFINITY;
    private float maxY = Float.POSITIVE_INFINITY;
    private float maxZ = Float.POSITIVE_INFINITY;
    private boolean handsPlaced;

    /** Places the person at feet position (x, z), eyes at standing height, looking along {@code yaw}. */
    public void placeAt(float px, float pz, float yawRadians) {
        x = px;
        z = pz;
        y = flying ? Math.max(y, EYE_HEIGHT) : EYE_HEIGHT;
        yaw = wrap(yawRadians);
        pitch = 0;
        clamp();
        handsPlaced = false;
        update(0);
    }

    /** Places the eyes exactly (spectator follow and fly). */
    public void placeEyes(float px, float py, float pz, float yawRadians, float pitchRadians) {
        x = px;
        y = py;
        z = pz;
        yaw = wrap(yawRadians);
        pitch = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, pitchRadians));
        clamp();
        handsPlaced = false;
        update(0);
    }

    /** Keeps the person inside these bounds (metres), with a margin of 0.2 m. */
    public void setBounds(float x0, float y0, float z0, float x1, float y1, float z1) {
        minX = x0 + 0.2f;
        minY = y0 + 0.2f;
        minZ = z0 + 0.2f;
        maxX = x1 - 0.2f;
        maxY = y1 - 0.1f;
        maxZ = z1 - 0.2f;
        clamp();
    }

    /** Spectators fly: movement follows the view, and up/down move vertically. */
    public void setFlying(boolean value) {
        flying = value;
        if (!flying) {
            y = EYE_HEIGHT;
        }
    }

    public boolean isFlying() {
        return flying;
    }

    /** Movement axes for this frame, each in [-1, 1]: forward, right, and (flying only) up. */
    public void setMove(float forward, float strafeRight, float up) {
        moveForward = clampUnit(forward);
        moveStrafe = clampUnit(strafeRight);
        moveUp = clampUnit(up);
    }

    /** Turns the view by these angles in radians (positive yaw turns left, positive pitch looks down). */
    public void look(float yawDelta, float pitchDelta) {
        yaw = wrap(yaw + yawDelta);
        pitch = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, pitch + pitchDelta));
    }

    /** Comfort turning: turns instantly by {@code degrees} (positive = right). */
    public void snapTurn(float degrees) {
        yaw = wrap(yaw - (float) Math.toRadians(degrees));
        update(0);
    }

    /** Stretches the right hand toward a point (clamped to arm's reach); {@link #stopReaching} lowers it. */
    @Override
    public void reachToward(float px, float py, float pz) {
        reaching = true;
        reachTarget[0] = px;
        reachTarget[1] = py;
        reachTarget[2] = pz;
    }

    @Override
    public void stopReaching() {
        reaching = false;
    }

    /** True when the right hand is at its reach target (within 2 cm). */
    @Override
    public boolean handArrived() {
        float[] target = new float[3];
        rightTarget(target);
        return right.distanceTo(target[0], target[1], target[2]) < 0.02f;
    }

    @Override
    public void setHolding(boolean value) {
        holding = value;
        if (value) {
            reaching = false;
        }
    }

    public boolean isHolding() {
        return holding;
    }

    public void queue(Intent intent) {
        if (intents.size() < MAX_QUEUED_INTENTS) {
            intents.addLast(intent);
        }
    }

    @Override
    public Intent pollIntent() {
        return intents.pollFirst();
    }

    public void setButton(int bit, boolean on) {
        buttons = on ? buttons | bit : buttons & ~bit;
    }

    @Override
    public int buttons() {
        return buttons;
    }

    @Override
    public void update(float tpf) {
        float sin = (float) Math.sin(yaw);
        float cos = (float) Math.cos(yaw);
        if (flying) {
            float cp = (float) Math.cos(pitch);
            float sp = (float) Math.sin(pitch);
            float step = FLY_SPEED * tpf;
            x += (sin * cp * moveForward - cos * moveStrafe) * step;
            y += (-sp * moveForward + moveUp) * step;
            z += (cos * cp * moveForward + sin * moveStrafe) * step;
        } else {
            float length = (float) Math.sqrt(moveForward * moveForward + moveStrafe * moveStrafe);
            float norm = length > 1 ? 1 / length : 1;
            float step = WALK_SPEED * tpf * norm;
            // right of a person looking along (sin, cos) is (-cos, sin) in jME's right-handed frame
            x += (sin * moveForward - cos * moveStrafe) * step;
            z += (cos * moveForward + sin * moveStrafe) * step;
        }
        clamp();
        head.set(x, y, z).yawPitch(yaw, pitch);
        placeHands(tpf);
    }

    private void placeHands(float tpf) {
        float[] target = new float[3];
        leftTarget(target);
        float maxStep = handsPlaced ? HAND_SPEED * Math.max(tpf, 0) : Float.MAX_VALUE;
        moveToward(left, target, maxStep);
        rightTarget(target);
        moveToward(right, target, maxStep);
        left.yawPitch(yaw, 0);
        right.yawPitch(yaw, holding || reaching ? pitch : 0);
        handsPlaced = true;
    }

    private void leftTarget(float[] out) {
        local(-0.25f, EYE_HEIGHT - 1.0f, 0.15f, out);
    }

    private void rightTarget(float[] out) {
        if (holding) {
            float[] dir = new float[3];
            forward(dir);
            out[0] = x + dir[0] * CARRY_DISTANCE - (float) Math.cos(yaw) * 0.15f;
            out[1] = y + dir[1] * CARRY_DISTANCE - 0.2f;
            out[2] = z + dir[2] * CARRY_DISTANCE + (float) Math.sin(yaw) * 0.15f;
        } else if (reaching) {
            float dx = reachTarget[0] - x;
            float dy = reachTarget[1] - y;
            float dz = reachTarget[2] - z;
            float d = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
            float k = d > ARM_REACH ? ARM_REACH / d : 1;
            out[0] = x + dx * k;
            out[1] = y + dy * k;
            out[2] = z + dz * k;
        } else {
            local(0.25f, EYE_HEIGHT - 1.0f, 0.15f, out);
        }
    }

    /** A point {@code side} metres to the right, {@code drop} below the eyes and {@code ahead} in front. */
    private void local(float side, float drop, float ahead, float[] out) {
        float sin = (float) Math.sin(yaw);
        float cos = (float) Math.cos(yaw);
        out[0] = x + sin * ahead - cos * side;
        out[1] = y - drop;
        out[2] = z + cos * ahead + sin * side;
    }

    private static void moveToward(TrackedPose pose, float[] target, float maxStep) {
        float d = pose.distanceTo(target[0], target[1], target[2]);
        if (d <= maxStep || d == 0) {
            pose.set(target[0], target[1], target[2]);
            return;
        }
        float k = maxStep / d;
        pose.set(pose.x + (target[0] - pose.x) * k, pose.y + (target[1] - pose.y) * k, pose.z + (target[2] - pose.z) * k);
    }

    /** The view direction (unit vector) into {@code out}. */
    public void forward(float[] out) {
        float cp = (float) Math.cos(pitch);
        out[0] = (float) Math.sin(yaw) * cp;
        out[1] = -(float) Math.sin(pitch);
        out[2] = (float) Math.cos(yaw) * cp;
    }

    @Override
    public void pointer(float[] origin, float[] direction) {
        origin[0] = x;
        origin[1] = y;
        origin[2] = z;
        forward(direction); // desktop aims with the crosshair at the centre of the view
    }

    @Override
    public TrackedPose head() {
        return head;
    }

    @Override
    public TrackedPose leftHand() {
        return left;
    }

    @Override
    public TrackedPose rightHand() {
        return right;
    }

    public float yaw() {
        return yaw;
    }

    public float pitch() {
        return pitch;
    }

    private void clamp() {
        x = Math.max(minX, Math.min(maxX, x));
        z = Math.max(minZ, Math.min(maxZ, z));
        if (flying) {
            y = Math.max(minY, Math.min(maxY, y));
        }
    }

    private static float clampUnit(float v) {
        return Math.max(-1f, Math.min(1f, v));
    }

    static float wrap(float angle) {
        double a = angle % (2 * Math.PI);
        if (a > Math.PI) {
            a -= 2 * Math.PI;
        } else if (a < -Math.PI) {
            a += 2 * Math.PI;
        }
        return (float) a;
    }
}
