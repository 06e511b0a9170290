package ensemble.client.input;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.math.Quaternion;
import com.jme3.renderer.Camera;

/**
 * Puts the camera at the person's eyes: advances the {@link PoseInput} once per frame and copies
 * its head pose to the camera. Attach it after the states that feed the input and before those
 * that read it. Render thread only.
 */
public final class CameraState extends BaseAppState {
    private final PoseInput input;
    private final float fovDegrees;
    private final Quaternion rotation = new Quaternion();

    public CameraState(PoseInput input, float fovDegrees) {
        this.input = input;
        this.fovDegrees = fovDegrees;
    }

    @Override
    protected void initialize(Application app) {
        Camera cam = app.getCamera();
        cam.setFrustumPerspective(fovDegrees, (float) cam.getWidth() / cam.getHeight(), 0.05f, 200f);
    }

    @Override
    protected void cleanup(Application app) {
    }

    @Override
    protected void onEnable() {
    }

    @Override
    protected void onDisable() {
    }

    @Override
    public void update(float tpf) {
        input.update(tpf);
        TrackedPose head = input.head();
        Camera cam = getApplication().getCamera();
        cam.setLocation(cam.getLocation().set(head.x, head.y, head.z));
        cam.setRotation(rotation.set(head.qx, head.qy, head.qz, head.qw));
    }
}
