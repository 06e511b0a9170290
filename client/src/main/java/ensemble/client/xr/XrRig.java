package ensemble.client.xr;

import ensemble.client.input.Intent;
import ensemble.client.input.PoseInput;
import ensemble.client.input.TrackedPose;
import ensemble.v1.Button;
import java.util.ArrayDeque;

/**
 * The headset body: head and hands where the runtime says they are, carried into the world by the
 * stage origin that teleports and snap turns move. Pure Java: {@link XrSessionState} feeds it
 * stage-space poses (OpenXR convention) and action values each frame; game logic reads it as any
 * {@link PoseInput}.
 *
 * <p>Threads: render thread only.
 */
public final class XrRig implements PoseInput {
    /** Squeeze or trigger value above which a press starts, and below which it ends. */
    static final float PRESS = 0.6f;
    static final float RELEASE = 0.4f;
    /** Stick deflection that arms a teleport or a snap turn, and that counts as centred again. */
    static final float STICK_ARM = 0.7f;
    static final float STICK_CENTRE = 0.3f;
    static final int MAX_QUEUED_INTENTS = 8;

    /** Stage-space poses, jME forward convention, and whether the runtime tracks them now. */
    private final TrackedPose stageHead = new TrackedPose();
    private final TrackedPose stageLeft = new TrackedPose();
    private final TrackedPose stageRight = new TrackedPose();
    private final TrackedPose stageAim = new TrackedPose();
    private final TrackedPose head = new TrackedPose();
    private final TrackedPose left = new TrackedPose();
    private final TrackedPose right = new TrackedPose();
    private final TrackedPose aim = new TrackedPose();
    private final ArrayDeque<Intent> intents = new ArrayDeque<>();
    private final TeleportArc arc = new TeleportArc();
    private final float snapRadians;
    private float originX;
    private float originZ;
    private float yaw;
    private float grab;
    private float use;
    private float stickX;
    private float stickY;
    private boolean grabbing;
    private boolean using;
    private boolean aiming;
    private boolean turned;
    private boolean menu;
    private boolean menuToggled;
    private boolean holding;
    private final boolean[] controllerTracked = new boolean[2];

    private volatile Runnable posesUpdated = () -> { };

    /** Called on the render thread each frame once head and hands are located (the client sends them then). */
    public void setOnPosesUpdated(Runnable listener) {
        posesUpdated = listener == null ? () -> { } : listener;
    }

    /** The frame's head and hand poses are in: tell the listener. */
    public void posesUpdated() {
        posesUpdated.run();
    }

    public XrRig(float snapDegrees) {
        this.snapRadians = (float) Math.toRadians(snapDegrees);
        head.set(0, 1.65f, 0);
    }

    /**
     * Puts the stage origin at (x, z), its forward (OpenXR's -Z) turned to {@code yawRadians} (the
     * desktop's convention: 0 looks along +Z), so a person at the stage centre stands there facing it.
     */
    public void placeAt(float x, float z, float yawRadians) {
        originX = x;
        originZ = z;
        yaw = yawRadians - (float) Math.PI; // the stage's forward is -Z, a half turn from jME's yaw 0
        update(0);
    }

    public void setBounds(float x0, float z0, float x1, float z1) {
        arc.setBounds(x0, z0, x1, z1);
    }

    // ---- fed by the session each frame (stage space, OpenXR convention) ----

    public void headFromXr(float px, float py, float pz, float qx, float qy, float qz, float qw) {
        XrMath.fromXr(px, py, pz, qx, qy, qz, qw, stageHead);
    }

    /** Whether the controller of that hand was tracked this frame (hand tracking fills in otherwise). */
    public void controllerTracked(boolean leftHand, boolean tracked) {
        controllerTracked[leftHand ? 0 : 1] = tracked;
    }

    public boolean controllerTracked(boolean leftHand) {
        return controllerTracked[leftHand ? 0 : 1];
    }

    /** The grip pose of a hand; {@code tracked} false keeps the last pose. */
    public void handFromXr(boolean leftHand, boolean tracked, float px, float py, float pz, float qx, float qy, float qz,
            float qw) {
        if (tracked) {
            XrMath.fromXr(px, py, pz, qx, qy, qz, qw, leftHand ? stageLeft : stageRight);
        }
    }

    /** The right hand's aim pose (the pointing ray). */
    public void aimFromXr(boolean tracked, float px, float py, float pz, float qx, float qy, float qz, float qw) {
        if (tracked) {
            XrMath.fromXr(px, py, pz, qx, qy, qz, qw, stageAim);
        }
    }

    /** Action values this frame: squeeze and trigger of the right hand (0..1), its stick, and menu. */
    public void controls(float grabValue, float useValue, float stickXValue, float stickYValue, boolean menuPressed) {
        grab = grabValue;
        use = useValue;
        stickX = stickXValue;
        stickY = stickYValue;
        if (menuPressed && !menu) {
            menuToggled = true;
        }
        menu = menuPressed;
    }

    @Override
    public void update(float tpf) {
        if (!grabbing && grab >= PRESS) {
            grabbing = true;
            queue(Intent.GRAB_OR_RELEASE);
        } else if (grabbing && grab <= RELEASE) {
            grabbing = false;
        }
        if (!using && use >= PRESS) {
            using = true;
            queue(Intent.USE);
        } else if (using && use <= RELEASE) {
            using = false;
        }
        locomotion();
        toWorld();
    }

    /** Stick forward aims a teleport, released it goes there; left or right turns once per push. */
    private void locomotion() {
        if (stickY >= STICK_ARM) {
            aiming = true;
        }
        if (aiming) {
            toWorld();
            float[] dir = new float[3];
            float[] origin = new float[3];
            pointer(origin, dir);
            arc.cast(origin, dir);
            if (Math.abs(stickY) < STICK_CENTRE && Math.abs(stickX) < STICK_CENTRE) {
                aiming = false;
                if (arc.valid()) {
                    teleportTo(arc.targetX(), arc.targetZ());
                }
                arc.clear();
            }
            return;
        }
        if (!turned && Math.abs(stickX) >= STICK_ARM) {
            turned = true;
            snapTurn(stickX > 0 ? -snapRadians : snapRadians); // right turns clockwise, i.e. negative yaw
        } else if (turned && Math.abs(stickX) < STICK_CENTRE) {
            turned = false;
        }
    }

    /** Moves the stage so the head (not the stage centre) ends up above (x, z). */
    public void teleportTo(float x, float z) {
        toWorld();
        originX += x - head.x;
        originZ += z - head.z;
    }

    /** Turns the stage about the head, so the person turns on the spot. */
    public void snapTurn(float radians) {
        toWorld();
        float hx = head.x;
        float hz = head.z;
        yaw += radians;
        toWorld();
        originX += hx - head.x;
        originZ += hz - head.z;
    }

    private void toWorld() {
        XrMath.stageToWorld(stageHead, originX, 0, originZ, yaw, head);
        XrMath.stageToWorld(stageLeft, originX, 0, originZ, yaw, left);
        XrMath.stageToWorld(stageRight, originX, 0, originZ, yaw, right);
        XrMath.stageToWorld(stageAim, originX, 0, originZ, yaw, aim);
    }

    /** A stage-space eye pose (OpenXR convention) in world space, jME convention, into {@code out}. */
    public TrackedPose eyeToWorld(float px, float py, float pz, float qx, float qy, float qz, float qw, TrackedPose out) {
        XrMath.fromXr(px, py, pz, qx, qy, qz, qw, out);
        return XrMath.stageToWorld(out, originX, 0, originZ, yaw, out);
    }

    private void queue(Intent intent) {
        if (intents.size() < MAX_QUEUED_INTENTS) {
            intents.addLast(intent);
        }
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

    /** True when the left hand is where the runtime last saw it (controller or tracked hand). */
    public boolean leftTracked() {
        return controllerTracked[0];
    }

    @Override
    public void pointer(float[] origin, float[] direction) {
        origin[0] = aim.x;
        origin[1] = aim.y;
        origin[2] = aim.z;
        XrMath.rotate(aim.qx, aim.qy, aim.qz, aim.qw, 0, 0, 1, direction);
    }

    @Override
    public int buttons() {
        return (grabbing ? Button.BUTTON_RIGHT_GRIP_VALUE : 0) | (using ? Button.BUTTON_RIGHT_TRIGGER_VALUE : 0)
                | (menu ? Button.BUTTON_MENU_VALUE : 0);
    }

    @Override
    public Intent pollIntent() {
        return intents.pollFirst();
    }

    @Override
    public void setHolding(boolean value) {
        holding = value;
    }

    public boolean isHolding() {
        return holding;
    }

    /** True once after each menu press (the participant list toggles on it). */
    public boolean takeMenuToggle() {
        boolean t = menuToggled;
        menuToggled = false;
        return t;
    }

    /** The teleport arc while aiming (empty otherwise). */
    public TeleportArc arc() {
        return arc;
    }

    public float yaw() {
        return yaw;
    }

    public float originX() {
        return originX;
    }

    public float originZ() {
        return originZ;
    }
}
