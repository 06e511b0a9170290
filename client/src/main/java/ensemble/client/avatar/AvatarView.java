package ensemble.client.avatar;

import com.jme3.asset.AssetManager;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.control.BillboardControl;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Cylinder;
import com.jme3.scene.shape.Sphere;
import ensemble.client.scene.Colors;
import ensemble.client.scene.Materials;
import ensemble.v1.Button;

/**
 * One participant's avatar: a head in the role colour with a dark visor showing where they look,
 * a torso hanging below the head (turned with it, never tilted), two hands, a name tag, and an
 * indicator that shows when they are speaking or typing. Render thread only.
 */
public final class AvatarView {
    public static final float HEAD_RADIUS = 0.13f;
    static final ColorRGBA FALLBACK = new ColorRGBA(0.6f, 0.6f, 0.6f, 1f);
    static final ColorRGBA SPEAKING = new ColorRGBA(0.3f, 1f, 0.4f, 1f);
    static final ColorRGBA TYPING = new ColorRGBA(0.9f, 0.9f, 0.9f, 1f);

    private final Node node = new Node("avatar");
    private final Node head = new Node("head");
    private final Node torso = new Node("torso");
    private final Geometry left;
    private final Geometry right;
    private final Node tag = new Node("tag");
    private final BitmapText name;
    private final BitmapText indicator;
    private final Quaternion scratch = new Quaternion();
    private final float[] angles = new float[3];
    private ColorRGBA color;
    private int flags = -1;

    public AvatarView(AssetManager assets, BitmapFont font, String displayName, String role, String roleColor) {
        color = Colors.parse(roleColor, FALLBACK);
        Geometry skull = new Geometry("skull", new Sphere(16, 24, HEAD_RADIUS));
        skull.setMaterial(Materials.lit(assets, color));
        head.attachChild(skull);
        Geometry visor = new Geometry("visor", new Box(0.09f, 0.03f, 0.02f));
        visor.setMaterial(Materials.lit(assets, new ColorRGBA(0.08f, 0.08f, 0.1f, 1f)));
        visor.setLocalTranslation(0, 0.02f, HEAD_RADIUS - 0.005f);
        head.attachChild(visor);
        node.attachChild(head);
        Geometry body = new Geometry("body", new Cylinder(2, 20, 0.17f, 0.62f, true));
        body.setMaterial(Materials.lit(assets, color.mult(0.7f).setAlpha(1f)));
        body.setLocalRotation(new Quaternion().fromAngles((float) Math.PI / 2, 0, 0));
        torso.attachChild(body);
        node.attachChild(torso);
        left = hand(assets, "left-hand");
        right = hand(assets, "right-hand");
        node.attachChild(left);
        node.attachChild(right);
        name = new BitmapText(font);
        name.setSize(0.12f);
        name.setColor(ColorRGBA.White);
        name.setText(displayName + " (" + role + ")");
        name.setLocalTranslation(-name.getLineWidth() / 2, name.getLineHeight(), 0);
        name.setQueueBucket(RenderQueue.Bucket.Transparent);
        tag.attachChild(name);
        indicator = new BitmapText(font);
        indicator.setSize(0.1f);
        indicator.setQueueBucket(RenderQueue.Bucket.Transparent);
        tag.attachChild(indicator);
        tag.addControl(new BillboardControl());
        node.attachChild(tag);
    }

    private Geometry hand(AssetManager assets, String label) {
        Geometry g = new Geometry(label, new Box(0.045f, 0.025f, 0.07f));
        g.setMaterial(Materials.lit(assets, color));
        return g;
    }

    /** Places the head: position and rotation {x, y, z, qx, qy, qz, qw}. */
    public void setHead(float[] pose) {
        head.setLocalTranslation(pose[0], pose[1], pose[2]);
        head.setLocalRotation(scratch.set(pose[3], pose[4], pose[5], pose[6]));
        scratch.toAngles(angles);
        torso.setLocalTranslation(pose[0], pose[1] - HEAD_RADIUS - 0.36f, pose[2]);
        torso.setLocalRotation(new Quaternion().fromAngles(0, angles[1], 0));
        tag.setLocalTranslation(pose[0], pose[1] + HEAD_RADIUS + 0.12f, pose[2]);
    }

    public void setHand(boolean leftHand, float[] pose) {
        Geometry hand = leftHand ? left : right;
        hand.setLocalTranslation(pose[0], pose[1], pose[2]);
        hand.setLocalRotation(new Quaternion(pose[3], pose[4], pose[5], pose[6]));
    }

    /** Shows the speaking or typing indicator from the avatar's button flags. */
    public void setFlags(int value) {
        if (value == flags) {
            return;
        }
        flags = value;
        if ((value & Button.BUTTON_TALKING_VALUE) != 0) {
            indicator.setText("speaking");
            indicator.setColor(SPEAKING);
        } else if ((value & Button.BUTTON_TYPING_VALUE) != 0) {
            indicator.setText("typing...");
            indicator.setColor(TYPING);
        } else {
            indicator.setText("");
        }
        indicator.setLocalTranslation(-indicator.getLineWidth() / 2, name.getLineHeight() * 2 + 0.02f, 0);
    }

    public void setVisible(boolean visible) {
        node.setCullHint(visible ? Spatial.CullHint.Inherit : Spatial.CullHint.Always);
    }

    public boolean isVisible() {
        return node.getCullHint() != Spatial.CullHint.Always;
    }

    public String indicatorText() {
        return indicator.getText();
    }

    public String nameText() {
        return name.getText();
    }

    public Vector3f headPosition() {
        return head.getLocalTranslation();
    }

    public ColorRGBA color() {
        return color;
    }

    public Node node() {
        return node;
    }
}
