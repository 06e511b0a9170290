package ensemble.client.avatar;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.font.BitmapFont;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Quaternion;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Box;
import ensemble.client.app.ClientContext;
import ensemble.client.app.PoseFeed;
import ensemble.client.app.SessionModel;
import ensemble.client.input.TrackedPose;
import ensemble.client.scene.Colors;
import ensemble.client.scene.Materials;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.ParticipantEvent;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.SessionStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The team: one {@link AvatarView} per other participant, posed every frame from the pose feed
 * (interpolated snapshots), hidden while out of view; and this person's own hands, posed from the
 * local input so they move the instant the mouse does (prediction: the server's copy follows).
 *
 * <p>Threads: render thread only.
 */
public final class AvatarState extends BaseAppState implements SessionModel.Listener {
    private final ClientContext context;
    private final Node root = new Node("avatars");
    private final Map<String, AvatarView> views = new HashMap<>();
    private final float[] pose = new float[7];
    private BitmapFont font;
    private Node ownHands;
    private Geometry ownLeft;
    private Geometry ownRight;
    private boolean dirty = true;

    public AvatarState(ClientContext context) {
        this.context = context;
    }

    @Override
    protected void initialize(Application app) {
        font = app.getAssetManager().loadFont("Interface/Fonts/Default.fnt");
        context.model().addListener(this);
        if (!context.spectator()) {
            ownHands = new Node("own-hands");
            ownLeft = new Geometry("own-left", new Box(0.045f, 0.025f, 0.07f));
            ownRight = new Geometry("own-right", new Box(0.045f, 0.025f, 0.07f));
            ownLeft.setMaterial(Materials.lit(app.getAssetManager(), ColorRGBA.Gray));
            ownRight.setMaterial(ownLeft.getMaterial());
            ownHands.attachChild(ownLeft);
            ownHands.attachChild(ownRight);
            root.attachChild(ownHands);
        }
    }

    @Override
    protected void cleanup(Application app) {
        context.model().removeListener(this);
    }

    @Override
    protected void onEnable() {
        ((SimpleApplication) getApplication()).getRootNode().attachChild(root);
    }

    @Override
    protected void onDisable() {
        root.removeFromParent();
    }

    @Override
    public void statusChanged(SessionStatus status) {
        dirty = true;
    }

    @Override
    public void participantChanged(ParticipantInfo info, ParticipantEvent.Kind kind) {
        dirty = true;
    }

    private void sync() {
        Set<String> wanted = new HashSet<>();
        for (ParticipantInfo p : context.model().others()) {
            wanted.add(p.getParticipantId());
            if (!views.containsKey(p.getParticipantId())) {
                AvatarView view = new AvatarView(getApplication().getAssetManager(), font, p.getDisplayName(),
                        p.getRole(), p.getColor());
                view.setVisible(false);
                views.put(p.getParticipantId(), view);
                root.attachChild(view.node());
            }
        }
        views.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                e.getValue().node().removeFromParent();
                return true;
            }
            return false;
        });
        ParticipantInfo me = context.model().me();
        if (ownHands != null && me != null) {
            ownLeft.getMaterial().setColor("Diffuse", Colors.parse(me.getColor(), ColorRGBA.Gray));
            ownLeft.getMaterial().setColor("Ambient", Colors.parse(me.getColor(), ColorRGBA.Gray));
        }
        dirty = false;
    }

    @Override
    public void update(float tpf) {
        if (dirty) {
            sync();
        }
        PoseFeed feed = context.feed();
        if (feed != null) { // the connection state has fixed this frame's render time
            for (Map.Entry<String, AvatarView> e : views.entrySet()) {
                ParticipantInfo p = context.model().participant(e.getKey());
                AvatarView view = e.getValue();
                if (p == null || !feed.avatar(p.getIndex(), Frame.HEAD, pose)) {
                    view.setVisible(false);
                    continue;
                }
                view.setHead(pose);
                if (feed.avatar(p.getIndex(), Frame.LEFT_HAND, pose)) {
                    view.setHand(true, pose);
                }
                if (feed.avatar(p.getIndex(), Frame.RIGHT_HAND, pose)) {
                    view.setHand(false, pose);
                }
                view.setFlags(feed.avatarFlags(p.getIndex()));
                view.setVisible(true);
            }
        }
        if (ownHands != null) {
            place(ownLeft, context.input().leftHand());
            place(ownRight, context.input().rightHand());
        }
    }

    private static void place(Geometry g, TrackedPose p) {
        g.setLocalTranslation(p.x, p.y, p.z);
        g.setLocalRotation(new Quaternion(p.qx, p.qy, p.qz, p.qw));
    }

    /** The avatar of participant {@code id}, or null. */
    public AvatarView view(String participantId) {
        return views.get(participantId);
    }

    public Map<String, AvatarView> views() {
        return views;
    }
}
