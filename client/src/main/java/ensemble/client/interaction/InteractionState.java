package ensemble.client.interaction;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.collision.CollisionResult;
import com.jme3.collision.CollisionResults;
import com.jme3.math.Quaternion;
import com.jme3.math.Ray;
import com.jme3.math.Vector3f;
import com.jme3.scene.Spatial;
import ensemble.client.app.ClientContext;
import ensemble.client.app.SessionModel;
import ensemble.client.input.Intent;
import ensemble.client.input.PoseInput;
import ensemble.client.input.TrackedPose;
import ensemble.client.scene.EntityView;
import ensemble.client.scene.SceneState;
import ensemble.v1.ClientMessage;
import ensemble.v1.EntityEvent;
import ensemble.v1.EntityInfo;
import ensemble.v1.ErrorCode;
import ensemble.v1.Grab;
import ensemble.v1.GrabResult;
import ensemble.v1.Hand;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.Release;
import ensemble.v1.Use;

/**
 * Pointing, grabbing and using. The pointer ray picks the nearest entity within
 * {@link #POINTER_RANGE} and outlines it; a grab or use first moves the hand to the entity (the
 * server checks reach against the hand it knows), then asks the server, whose answer decides. A
 * granted grab makes the entity follow this person's hand locally at once, keeping the offset it
 * had, as the server does. Other people's grabs show through the snapshots.
 *
 * <p>Threads: render thread only.
 */
public final class InteractionState extends BaseAppState implements SessionModel.Listener {
    /** Farthest entity the pointer picks, metres (a step and an arm). */
    public static final float POINTER_RANGE = 2.6f;
    /** Longest wait for the hand to arrive before asking anyway, milliseconds. */
    static final long REACH_TIMEOUT_MS = 400;
    /** Time for the hand's pose to reach the server after it arrived, milliseconds (a few inputs). */
    static final long SETTLE_MS = 80;
    /** How long feedback stays on screen, milliseconds. */
    static final long FEEDBACK_MS = 3000;

    private enum Pending { NONE, GRAB, USE }

    private final ClientContext context;
    private final float[] origin = new float[3];
    private final float[] direction = new float[3];
    private final Ray ray = new Ray();
    private final Vector3f holdOffset = new Vector3f();
    private final Quaternion holdRotation = new Quaternion();
    private SceneState scene;
    private String pointed;
    private String held;
    private Pending pending = Pending.NONE;
    private String pendingEntity;
    private String awaitingGrab;
    private long pendingSince;
    private long arrivedAt;
    private int requestId;
    private String feedback = "";
    private long feedbackAt;
    private long stopReachingAt;

    public InteractionState(ClientContext context) {
        this.context = context;
    }

    @Override
    protected void initialize(Application app) {
        scene = getState(SceneState.class, true);
        context.model().addListener(this);
    }

    @Override
    protected void cleanup(Application app) {
        context.model().removeListener(this);
    }

    @Override
    protected void onEnable() {
    }

    @Override
    protected void onDisable() {
        point(null);
    }

    @Override
    public void update(float tpf) {
        PoseInput input = context.input();
        long now = context.model().now();
        point(pick(input));
        for (Intent intent = input.pollIntent(); intent != null; intent = input.pollIntent()) {
            handle(intent, now);
        }
        if (pending != Pending.NONE) {
            progressPending(input, now);
        } else if (stopReachingAt > 0 && now >= stopReachingAt) {
            input.stopReaching();
            stopReachingAt = 0;
        }
        if (held != null) {
            follow(input.rightHand());
        }
    }

    private String pick(PoseInput input) {
        input.pointer(origin, direction);
        ray.setOrigin(new Vector3f(origin[0], origin[1], origin[2]));
        ray.setDirection(new Vector3f(direction[0], direction[1], direction[2]));
        ray.setLimit(POINTER_RANGE);
        CollisionResults results = new CollisionResults();
        scene.entityRoot().collideWith(ray, results);
        for (CollisionResult hit : results) { // nearest first
            if (hit.getDistance() > POINTER_RANGE) {
                break;
            }
            String id = entityId(hit.getGeometry());
            if (id != null && !id.equals(held) && hit.getGeometry().getName() != null
                    && !"outline".equals(hit.getGeometry().getName())) {
                return id;
            }
        }
        return null;
    }

    private static String entityId(Spatial spatial) {
        for (Spatial s = spatial; s != null; s = s.getParent()) {
            String id = s.getUserData(EntityView.ENTITY_ID);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private void point(String id) {
        if (id != null ? id.equals(pointed) : pointed == null) {
            return;
        }
        EntityView before = pointed == null ? null : scene.view(pointed);
        if (before != null) {
            before.setPointed(false);
        }
        pointed = id;
        EntityView after = id == null ? null : scene.view(id);
        if (after != null) {
            after.setPointed(true);
        }
    }

    private void handle(Intent intent, long now) {
        if (busy()) {
            return; // one question to the server at a time
        }
        switch (intent) {
            case GRAB_OR_RELEASE -> {
                if (held != null) {
                    release();
                } else if (pointed != null) {
                    EntityInfo info = context.model().entity(pointed);
                    String holder = context.model().holder(pointed);
                    if (info == null || !info.getGrabbable()) {
                        say((info == null ? "That" : label(info)) + " cannot be picked up", now);
                    } else if (holder != null && !context.model().isMe(holder)) {
                        say(label(info) + " is held by " + name(holder), now);
                    } else {
                        begin(Pending.GRAB, pointed, now);
                    }
                }
            }
            case USE -> {
                String target = held != null ? held : pointed;
                EntityInfo info = target == null ? null : context.model().entity(target);
                if (info == null) {
                    return;
                }
                if (!info.getUsable()) {
                    say(label(info) + " cannot be used", now);
                } else if (target.equals(held)) {
                    sendUse(target);
                } else {
                    begin(Pending.USE, target, now);
                }
            }
        }
    }

    private void begin(Pending what, String entityId, long now) {
        EntityView view = scene.view(entityId);
        if (view == null) {
            return;
        }
        Vector3f at = view.node().getWorldBound() != null ? view.node().getWorldBound().getCenter()
                : view.node().getWorldTranslation();
        context.input().reachToward(at.x, at.y, at.z);
        pending = what;
        pendingEntity = entityId;
        pendingSince = now;
        arrivedAt = 0;
    }

    private void progressPending(PoseInput input, long now) {
        if (arrivedAt == 0 && (input.handArrived() || now - pendingSince > REACH_TIMEOUT_MS)) {
            arrivedAt = now;
        }
        if (arrivedAt == 0 || now - arrivedAt < SETTLE_MS) {
            return;
        }
        if (pending == Pending.GRAB) {
            context.send(ClientMessage.newBuilder().setGrab(Grab.newBuilder().setRequestId(++requestId)
                    .setEntityId(pendingEntity).setHand(Hand.HAND_RIGHT)).build());
            pending = Pending.NONE; // the GrabResult finishes it; further clicks wait for it via held/pending
            awaitingGrab = pendingEntity;
        } else {
            sendUse(pendingEntity);
            pending = Pending.NONE;
            stopReachingAt = now + 300;
        }
    }

    private void sendUse(String entityId) {
        context.send(ClientMessage.newBuilder().setUse(Use.newBuilder().setRequestId(++requestId).setEntityId(entityId)).build());
    }

    private void release() {
        context.send(ClientMessage.newBuilder().setRelease(Release.newBuilder().setRequestId(++requestId).setEntityId(held)).build());
        drop();
    }

    private void drop() {
        held = null;
        scene.setOverridden(null);
        context.input().setHolding(false);
        context.input().stopReaching();
    }

    @Override
    public void grabAnswered(GrabResult result) {
        if (!result.getEntityId().equals(awaitingGrab)) {
            return;
        }
        awaitingGrab = null;
        long now = context.model().now();
        EntityInfo info = context.model().entity(result.getEntityId());
        if (!result.getGranted()) {
            context.input().stopReaching();
            String what = info == null ? result.getEntityId() : label(info);
            say(result.getReason() == ErrorCode.ERROR_CODE_ALREADY_HELD ? what + " is held by " + name(result.getHolderId())
                    : result.getReason() == ErrorCode.ERROR_CODE_OUT_OF_REACH ? what + " is out of reach: step closer"
                    : "Cannot grab " + what, now);
            return;
        }
        EntityView view = scene.view(result.getEntityId());
        if (view == null) {
            return;
        }
        held = result.getEntityId();
        TrackedPose hand = context.input().rightHand();
        Quaternion handRotation = new Quaternion(hand.qx, hand.qy, hand.qz, hand.qw);
        Quaternion inverse = handRotation.inverse();
        inverse.mult(view.node().getLocalTranslation().subtract(hand.x, hand.y, hand.z), holdOffset);
        holdRotation.set(inverse.mult(view.node().getLocalRotation()));
        scene.setOverridden(held);
        context.input().setHolding(true);
    }

    @Override
    public void entityChanged(EntityEvent event) {
        boolean lost = event.getEntityId().equals(held) && (event.getKind() == EntityEvent.Kind.KIND_DESPAWNED
                || event.getKind() == EntityEvent.Kind.KIND_RELEASED
                || event.getKind() == EntityEvent.Kind.KIND_GRABBED && !context.model().isMe(event.getParticipantId()));
        if (lost) {
            drop();
        }
        if (event.getKind() == EntityEvent.Kind.KIND_USED && context.model().isMe(event.getParticipantId())) {
            EntityInfo info = context.model().entity(event.getEntityId());
            say("Used " + (info == null ? event.getEntityId() : label(info))
                    + (event.getAction().isEmpty() ? "" : " (" + event.getAction() + ")"), context.model().now());
        }
    }

    private void follow(TrackedPose hand) {
        EntityView view = scene.view(held);
        if (view == null) {
            drop();
            return;
        }
        Quaternion handRotation = new Quaternion(hand.qx, hand.qy, hand.qz, hand.qw);
        Vector3f position = handRotation.mult(holdOffset).addLocal(hand.x, hand.y, hand.z);
        Quaternion rotation = handRotation.mult(holdRotation);
        view.setPose(position.x, position.y, position.z, rotation.getX(), rotation.getY(), rotation.getZ(), rotation.getW());
    }

    private void say(String text, long now) {
        feedback = text;
        feedbackAt = now;
    }

    private String name(String participantId) {
        if (context.model().isMe(participantId)) {
            return "you";
        }
        ParticipantInfo p = context.model().participant(participantId);
        return p == null ? "someone" : p.getDisplayName();
    }

    private static String label(EntityInfo info) {
        return info.getLabel().isEmpty() ? info.getId() : info.getLabel();
    }

    /** What the HUD shows by the crosshair: recent feedback, or what the pointed entity offers. */
    public String hint() {
        long now = context.model().now();
        if (!feedback.isEmpty() && now - feedbackAt < FEEDBACK_MS) {
            return feedback;
        }
        if (held != null) {
            EntityInfo info = context.model().entity(held);
            String name = info == null ? held : label(info);
            return "Holding " + name + ": click to put it down" + (info != null && info.getUsable() ? ", right-click to use" : "");
        }
        if (pointed == null) {
            return "";
        }
        EntityInfo info = context.model().entity(pointed);
        if (info == null) {
            return "";
        }
        String holder = context.model().holder(pointed);
        if (holder != null && !context.model().isMe(holder)) {
            return label(info) + " (held by " + name(holder) + ")";
        }
        StringBuilder hint = new StringBuilder(label(info));
        if (!info.getState().isEmpty() && !"idle".equals(info.getState())) {
            hint.append(" [").append(info.getState()).append(']');
        }
        if (info.getGrabbable()) {
            hint.append(": click to grab");
        }
        if (info.getUsable()) {
            hint.append(info.getGrabbable() ? ", right-click to use" : ": right-click to use");
        }
        return hint.toString();
    }

    public String pointed() {
        return pointed;
    }

    public String held() {
        return held;
    }

    /** True while a grab or use waits for the hand or the server. */
    public boolean busy() {
        return pending != Pending.NONE || awaitingGrab != null;
    }
}
