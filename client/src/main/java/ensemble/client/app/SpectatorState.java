package ensemble.client.app;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import com.jme3.math.Vector3f;
import ensemble.client.avatar.AvatarState;
import ensemble.client.avatar.AvatarView;
import ensemble.client.input.DesktopRig;
import ensemble.v1.ParticipantInfo;
import java.util.List;

/**
 * Spectator mode for facilitators: free flight (WASD along the view, Space/Shift up and down), F
 * follows the next participant (the camera stays behind and above their head, looking at them),
 * G goes back to free flight. Render thread only; attach it before the camera state.
 */
public final class SpectatorState extends BaseAppState implements ActionListener {
    static final String FOLLOW_NEXT = "ens.followNext";
    static final String FREE = "ens.free";
    /** Where the camera sits relative to a followed head: metres behind and above. */
    static final float FOLLOW_BEHIND = 1.6f;
    static final float FOLLOW_ABOVE = 0.6f;

    private final ClientContext context;
    private final DesktopRig rig;
    private String following;

    public SpectatorState(ClientContext context, DesktopRig rig) {
        this.context = context;
        this.rig = rig;
    }

    @Override
    protected void initialize(Application app) {
        rig.setFlying(true);
        app.getInputManager().addMapping(FOLLOW_NEXT, new KeyTrigger(KeyInput.KEY_F));
        app.getInputManager().addMapping(FREE, new KeyTrigger(KeyInput.KEY_G));
    }

    @Override
    protected void cleanup(Application app) {
        app.getInputManager().deleteMapping(FOLLOW_NEXT);
        app.getInputManager().deleteMapping(FREE);
    }

    @Override
    protected void onEnable() {
        getApplication().getInputManager().addListener(this, FOLLOW_NEXT, FREE);
    }

    @Override
    protected void onDisable() {
        getApplication().getInputManager().removeListener(this);
    }

    @Override
    public void onAction(String name, boolean pressed, float tpf) {
        if (!pressed) {
            return;
        }
        if (name.equals(FOLLOW_NEXT)) {
            followNext();
        } else {
            following = null;
        }
    }

    /** Follows the participant after the current one (in join order), or the first. */
    public void followNext() {
        List<ParticipantInfo> others = context.model().others();
        if (others.isEmpty()) {
            following = null;
            return;
        }
        int at = -1;
        for (int i = 0; i < others.size(); i++) {
            if (others.get(i).getParticipantId().equals(following)) {
                at = i;
            }
        }
        following = others.get((at + 1) % others.size()).getParticipantId();
    }

    public String following() {
        return following;
    }

    @Override
    public void update(float tpf) {
        if (following == null) {
            return;
        }
        AvatarState avatars = getState(AvatarState.class);
        AvatarView view = avatars == null ? null : avatars.view(following);
        if (view == null) {
            following = null; // they left
            return;
        }
        if (!view.isVisible()) {
            return;
        }
        Vector3f head = view.headPosition();
        // stay behind them as seen from where we are now, so the view swings smoothly
        Vector3f from = new Vector3f(rig.head().x - head.x, 0, rig.head().z - head.z);
        if (from.lengthSquared() < 1e-4f) {
            from.set(0, 0, -1);
        }
        from.normalizeLocal().multLocal(FOLLOW_BEHIND);
        Vector3f eye = head.add(from).addLocal(0, FOLLOW_ABOVE, 0);
        Vector3f look = head.subtract(eye);
        float yaw = (float) Math.atan2(look.x, look.z);
        float pitch = (float) -Math.atan2(look.y, Math.sqrt(look.x * look.x + look.z * look.z));
        rig.placeEyes(eye.x, eye.y, eye.z, yaw, pitch);
    }
}
