package ensemble.client.xr;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.material.Material;
import com.jme3.material.RenderState;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Quaternion;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.scene.Geometry;
import com.jme3.scene.shape.Quad;
import com.jme3.texture.FrameBuffer;
import com.jme3.texture.Image;
import com.jme3.texture.Texture2D;
import ensemble.client.input.TrackedPose;

/**
 * The HUD in the world: jME's GUI layer (instruction, score, chat, participant list, loading
 * screen, all the desktop's HUD states unchanged) is rendered into a texture instead of the
 * window, and shown on a panel above the left hand, or, when the left hand is not tracked, a
 * metre in front of where the person looked when it was last placed.
 *
 * <p>Threads: render thread only.
 */
public final class WorldHudState extends BaseAppState {
    /** Panel width in metres; the height follows the GUI's aspect. */
    static final float HAND_WIDTH = 0.30f;
    static final float FRONT_WIDTH = 1.0f;

    private final XrRig rig;
    private final Quaternion rotation = new Quaternion();
    private final float[] offset = new float[3];
    private Geometry panel;
    private float aspect;
    private float frontX;
    private float frontY;
    private float frontZ;
    private float frontYaw;
    private boolean frontPlaced;

    public WorldHudState(XrRig rig) {
        this.rig = rig;
    }

    @Override
    protected void initialize(Application app) {
        int w = app.getCamera().getWidth();
        int h = app.getCamera().getHeight();
        aspect = (float) h / w;
        Texture2D texture = new Texture2D(w, h, Image.Format.RGBA8);
        FrameBuffer fb = new FrameBuffer(w, h, 1);
        fb.addColorTarget(FrameBuffer.FrameBufferTarget.newTarget(texture));
        fb.setDepthTarget(FrameBuffer.FrameBufferTarget.newTarget(Image.Format.Depth));
        app.getGuiViewPort().setOutputFrameBuffer(fb);
        app.getGuiViewPort().setClearFlags(true, true, true);
        app.getGuiViewPort().setBackgroundColor(new ColorRGBA(0, 0, 0, 0));
        Material m = new Material(app.getAssetManager(), "Common/MatDefs/Misc/Unshaded.j3md");
        m.setTexture("ColorMap", texture);
        m.getAdditionalRenderState().setBlendMode(RenderState.BlendMode.Alpha);
        m.getAdditionalRenderState().setFaceCullMode(RenderState.FaceCullMode.Off);
        panel = new Geometry("xr-hud", new Quad(1, aspect));
        panel.setMaterial(m);
        panel.setQueueBucket(RenderQueue.Bucket.Transparent);
    }

    @Override
    protected void cleanup(Application app) {
        app.getGuiViewPort().setOutputFrameBuffer(null);
    }

    @Override
    protected void onEnable() {
        ((SimpleApplication) getApplication()).getRootNode().attachChild(panel);
    }

    @Override
    protected void onDisable() {
        panel.removeFromParent();
    }

    @Override
    public void update(float tpf) {
        TrackedPose head = rig.head();
        if (rig.leftTracked()) {
            TrackedPose hand = rig.leftHand();
            // Above the back of the left hand, facing the eyes, upright.
            float yaw = (float) Math.atan2(head.x - hand.x, head.z - hand.z);
            place(hand.x, hand.y + 0.08f, hand.z, yaw, HAND_WIDTH);
            frontPlaced = false;
            return;
        }
        if (!frontPlaced || head.distanceTo(frontX, frontY, frontZ) > 2.5f) {
            float yaw = XrMath.yawOf(head);
            frontX = head.x + (float) Math.sin(yaw);
            frontY = head.y - 0.15f;
            frontZ = head.z + (float) Math.cos(yaw);
            frontYaw = yaw + (float) Math.PI; // face back toward the person
            frontPlaced = true;
        }
        place(frontX, frontY, frontZ, frontYaw, FRONT_WIDTH);
    }

    /** Centres the panel at (x, y, z), its front (+Z of the quad) turned to {@code yaw}. */
    private void place(float x, float y, float z, float yaw, float width) {
        panel.setLocalScale(width, width, 1);
        rotation.fromAngles(0, yaw, 0);
        XrMath.rotate(rotation.getX(), rotation.getY(), rotation.getZ(), rotation.getW(), -width / 2, -width * aspect / 2, 0,
                offset);
        panel.setLocalRotation(rotation);
        panel.setLocalTranslation(x + offset[0], y + offset[1], z + offset[2]);
    }
}
