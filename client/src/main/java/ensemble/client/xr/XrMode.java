package ensemble.client.xr;

import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.system.AppSettings;
import ensemble.client.hud.ParticipantListState;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The headset mode as the desktop client's app sees it: the {@link XrRig} that replaces the
 * desktop rig as the person's {@code PoseInput}, and the states it adds around the shared ones
 * (session and frame loop before the camera, the world-space HUD, the teleport arc and the menu
 * button's participant list after them). Everything else (scene, avatars, interaction, HUD text,
 * connection) is the desktop client's own code path.
 */
public final class XrMode {
    /** The size of the GUI layer, which becomes the HUD panel's texture (and the mirror window). */
    public static final int HUD_WIDTH = 1024;
    public static final int HUD_HEIGHT = 576;

    private final XrRuntime runtime;
    private final XrRig rig;
    private final Path eyeImages;
    private XrSessionState session;

    /** @param eyeImages base path to save both eyes' images to once the scene is in view, or null */
    public XrMode(XrRuntime runtime, float snapDegrees, Path eyeImages) {
        this.runtime = runtime;
        this.rig = new XrRig(snapDegrees);
        this.eyeImages = eyeImages;
    }

    public XrRig rig() {
        return rig;
    }

    /** The window mirrors the headset and hosts the HUD texture: never wait for its refresh, the runtime paces frames. */
    public static void configure(AppSettings settings) {
        settings.setResolution(HUD_WIDTH, HUD_HEIGHT);
        settings.setFullscreen(false);
        settings.setVSync(false);
        settings.setFrameRate(-1);
    }

    /** Attaches the session; call before the camera state. */
    public void attachSession(SimpleApplication app, BooleanSupplier captureDue, Runnable afterCapture) {
        EyeCapture capture = eyeImages == null ? null : new EyeCapture(eyeImages, captureDue, afterCapture);
        session = new XrSessionState(runtime, rig, capture, System.out::println);
        app.getStateManager().attach(session);
    }

    /** Attaches the HUD panel, the teleport arc and the menu button; call after the HUD states. */
    public void attachOverlays(SimpleApplication app) {
        app.getStateManager().attach(new WorldHudState(rig));
        app.getStateManager().attach(new TeleportArcView(rig));
        app.getStateManager().attach(new MenuButton());
    }

    public void placeAt(float x, float z, float yawRadians) {
        rig.placeAt(x, z, yawRadians);
    }

    public void setBounds(float x0, float z0, float x1, float z1) {
        rig.setBounds(x0, z0, x1, z1);
    }

    /** The menu button shows and hides the participant list, as Tab does on the desktop. */
    private final class MenuButton extends BaseAppState {
        @Override
        public void update(float tpf) {
            if (rig.takeMenuToggle()) {
                ParticipantListState list = getState(ParticipantListState.class);
                if (list != null && list.isEnabled()) {
                    list.setShown(!list.isShown());
                }
            }
        }

        @Override
        protected void initialize(com.jme3.app.Application app) {
        }

        @Override
        protected void cleanup(com.jme3.app.Application app) {
        }

        @Override
        protected void onEnable() {
        }

        @Override
        protected void onDisable() {
        }
    }
}
