package ensemble.client.input;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.input.InputManager;
import com.jme3.input.KeyInput;
import com.jme3.input.MouseInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.AnalogListener;
import com.jme3.input.controls.KeyTrigger;
import com.jme3.input.controls.MouseAxisTrigger;
import com.jme3.input.controls.MouseButtonTrigger;
import ensemble.v1.Button;

/**
 * Mouse and keyboard for the {@link DesktopRig}: WASD (and arrows) move, the mouse looks, Q/E
 * snap-turn, Space/Shift fly up and down (spectators), left click grabs or releases, right click
 * uses, V signals talking. Esc frees the mouse; a click captures it again. With the comfort option
 * the mouse turns in snap steps instead of smoothly.
 *
 * <p>Threads: render thread (jME input callbacks). Other states may suspend it while a text
 * field has the keyboard.
 */
public final class DesktopInputState extends BaseAppState implements ActionListener, AnalogListener {
    static final String FORWARD = "ens.forward";
    static final String BACK = "ens.back";
    static final String LEFT = "ens.left";
    static final String RIGHT = "ens.right";
    static final String UP = "ens.up";
    static final String DOWN = "ens.down";
    static final String LOOK_LEFT = "ens.lookLeft";
    static final String LOOK_RIGHT = "ens.lookRight";
    static final String LOOK_UP = "ens.lookUp";
    static final String LOOK_DOWN = "ens.lookDown";
    static final String SNAP_LEFT = "ens.snapLeft";
    static final String SNAP_RIGHT = "ens.snapRight";
    static final String GRAB = "ens.grab";
    static final String USE = "ens.use";
    static final String TALK = "ens.talk";
    static final String FREE_MOUSE = "ens.freeMouse";
    private static final String[] ALL = {FORWARD, BACK, LEFT, RIGHT, UP, DOWN, LOOK_LEFT, LOOK_RIGHT, LOOK_UP,
        LOOK_DOWN, SNAP_LEFT, SNAP_RIGHT, GRAB, USE, TALK, FREE_MOUSE};

    private final DesktopRig rig;
    private final float sensitivity;
    private final boolean snapTurning;
    private final float snapDegrees;
    private boolean forward;
    private boolean back;
    private boolean left;
    private boolean right;
    private boolean up;
    private boolean down;
    private boolean suspended;
    private boolean mouseCaptured = true;
    private float pendingYaw;

    /**
     * @param sensitivity  mouse sensitivity (1 = default: about 0.15 degrees per mouse count)
     * @param snapTurning  comfort option: the mouse turns in steps of {@code snapDegrees}
     */
    public DesktopInputState(DesktopRig rig, float sensitivity, boolean snapTurning, float snapDegrees) {
        this.rig = rig;
        this.sensitivity = sensitivity;
        this.snapTurning = snapTurning;
        this.snapDegrees = snapDegrees;
    }

    @Override
    protected void initialize(Application app) {
        InputManager input = app.getInputManager();
        if (input.hasMapping("SIMPLEAPP_Exit")) {
            input.deleteMapping("SIMPLEAPP_Exit"); // Esc frees the mouse instead of quitting
        }
        input.addMapping(FORWARD, new KeyTrigger(KeyInput.KEY_W), new KeyTrigger(KeyInput.KEY_UP));
        input.addMapping(BACK, new KeyTrigger(KeyInput.KEY_S), new KeyTrigger(KeyInput.KEY_DOWN));
        input.addMapping(LEFT, new KeyTrigger(KeyInput.KEY_A), new KeyTrigger(KeyInput.KEY_LEFT));
        input.addMapping(RIGHT, new KeyTrigger(KeyInput.KEY_D), new KeyTrigger(KeyInput.KEY_RIGHT));
        input.addMapping(UP, new KeyTrigger(KeyInput.KEY_SPACE));
        input.addMapping(DOWN, new KeyTrigger(KeyInput.KEY_LSHIFT));
        input.addMapping(LOOK_LEFT, new MouseAxisTrigger(MouseInput.AXIS_X, true));
        input.addMapping(LOOK_RIGHT, new MouseAxisTrigger(MouseInput.AXIS_X, false));
        input.addMapping(LOOK_UP, new MouseAxisTrigger(MouseInput.AXIS_Y, false));
        input.addMapping(LOOK_DOWN, new MouseAxisTrigger(MouseInput.AXIS_Y, true));
        input.addMapping(SNAP_LEFT, new KeyTrigger(KeyInput.KEY_Q));
        input.addMapping(SNAP_RIGHT, new KeyTrigger(KeyInput.KEY_E));
        input.addMapping(GRAB, new MouseButtonTrigger(MouseInput.BUTTON_LEFT));
        input.addMapping(USE, new MouseButtonTrigger(MouseInput.BUTTON_RIGHT));
        input.addMapping(TALK, new KeyTrigger(KeyInput.KEY_V));
        input.addMapping(FREE_MOUSE, new KeyTrigger(KeyInput.KEY_ESCAPE));
    }

    @Override
    protected void cleanup(Application app) {
        for (String name : ALL) {
            if (app.getInputManager().hasMapping(name)) {
                app.getInputManager().deleteMapping(name);
            }
        }
    }

    @Override
    protected void onEnable() {
        getApplication().getInputManager().addListener(this, ALL);
        captureMouse(mouseCaptured);
    }

    @Override
    protected void onDisable() {
        getApplication().getInputManager().removeListener(this);
        getApplication().getInputManager().setCursorVisible(true);
        forward = back = left = right = up = down = false;
    }

    /** While suspended (typing in chat), keys do not move the person; the mouse still looks. */
    public void setSuspended(boolean value) {
        suspended = value;
        if (value) {
            forward = back = left = right = up = down = false;
        }
        rig.setButton(Button.BUTTON_TYPING_VALUE, value);
    }

    public boolean isSuspended() {
        return suspended;
    }

    private void captureMouse(boolean capture) {
        mouseCaptured = capture;
        getApplication().getInputManager().setCursorVisible(!capture);
    }

    @Override
    public void onAction(String name, boolean pressed, float tpf) {
        if (name.equals(FREE_MOUSE)) {
            if (pressed && !suspended) {
                captureMouse(false);
            }
            return;
        }
        if ((name.equals(GRAB) || name.equals(USE)) && pressed && !mouseCaptured) {
            captureMouse(true); // the click that captures the mouse does nothing else
            return;
        }
        if (suspended) {
            return;
        }
        switch (name) {
            case FORWARD -> forward = pressed;
            case BACK -> back = pressed;
            case LEFT -> left = pressed;
            case RIGHT -> right = pressed;
            case UP -> up = pressed;
            case DOWN -> down = pressed;
            case SNAP_LEFT -> {
                if (pressed) {
                    rig.snapTurn(-snapDegrees);
                }
            }
            case SNAP_RIGHT -> {
                if (pressed) {
                    rig.snapTurn(snapDegrees);
                }
            }
            case GRAB -> {
                if (pressed) {
                    rig.queue(Intent.GRAB_OR_RELEASE);
                }
            }
            case USE -> {
                if (pressed) {
                    rig.queue(Intent.USE);
                }
            }
            case TALK -> rig.setButton(Button.BUTTON_TALKING_VALUE, pressed);
            default -> { }
        }
    }

    @Override
    public void onAnalog(String name, float value, float tpf) {
        if (!mouseCaptured) {
            return;
        }
        // jME reports mouse motion scaled by 1/1024 per count; 2.6 makes 1 count about 0.15 degrees.
        float angle = value * 2.6f * sensitivity;
        switch (name) {
            case LOOK_LEFT -> turn(angle);
            case LOOK_RIGHT -> turn(-angle);
            case LOOK_UP -> rig.look(0, -angle);
            case LOOK_DOWN -> rig.look(0, angle);
            default -> { }
        }
    }

    private void turn(float yaw) {
        if (!snapTurning) {
            rig.look(yaw, 0);
            return;
        }
        pendingYaw += yaw;
        float step = (float) Math.toRadians(snapDegrees);
        if (Math.abs(pendingYaw) >= step) {
            rig.snapTurn(-Math.signum(pendingYaw) * snapDegrees); // snapTurn takes degrees to the right
            pendingYaw = 0;
        }
    }

    @Override
    public void update(float tpf) {
        rig.setMove((forward ? 1 : 0) - (back ? 1 : 0), (right ? 1 : 0) - (left ? 1 : 0), (up ? 1 : 0) - (down ? 1 : 0));
    }
}
