package ensemble.server.session;

import ensemble.server.net.Replies;
import ensemble.server.world.Entity;
import ensemble.v1.ChatLine;
import ensemble.v1.ChatSend;
import ensemble.v1.EntityEvent;
import ensemble.v1.ErrorCode;
import ensemble.v1.Grab;
import ensemble.v1.GrabResult;
import ensemble.v1.Hand;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Release;
import ensemble.v1.ServerMessage;
import ensemble.v1.Use;
import java.util.Map;

/**
 * What participants do to the world: move (with a pose sanity check), grab, release, use, chat.
 * The server decides every outcome. Tick thread only.
 */
final class Interactions {
    /** Fastest a head may move, metres per second (a sprint); faster input is clamped. */
    static final float MAX_HEAD_SPEED = 8f;
    /** Fastest a hand may move, metres per second (a fast swing). */
    static final float MAX_HAND_SPEED = 15f;
    /** Farthest a hand may be from the head, metres. */
    static final float ARM_REACH = 1.1f;
    /** Farthest an entity may be from the grabbing or using hand, metres. */
    static final float GRAB_REACH = 1.0f;
    /** Longest chat line, characters. */
    static final int MAX_CHAT_CHARS = 500;

    private final Session session;
    private final float[] scratch = new float[4];
    private final float[] position = new float[3];
    private final float[] rotation = new float[4];

    Interactions(Session session) {
        this.session = session;
    }

    void applyInput(Participant p, Input input) {
        if (input == null) {
            return;
        }
        long now = System.nanoTime();
        float dt = p.lastInputNanos == 0 ? 1f
                : Math.min(1f, Math.max(1f / session.context.config().tickRate(), (now - p.lastInputNanos) / 1e9f));
        p.lastInputNanos = now;
        p.lastInputSeq = input.getSeq();
        p.ackTick = Math.max(0, Math.min(session.tick, input.getAckTick()));
        p.buttons = input.getButtons() & 0xff;
        boolean clamped = false;
        if (input.hasHead()) {
            clamped |= applyPose(p.head, input.getHead(), MAX_HEAD_SPEED * dt, null);
        }
        if (input.hasLeftHand()) {
            clamped |= applyPose(p.leftHand, input.getLeftHand(), MAX_HAND_SPEED * dt, p.head);
        }
        if (input.hasRightHand()) {
            clamped |= applyPose(p.rightHand, input.getRightHand(), MAX_HAND_SPEED * dt, p.head);
        }
        if (clamped) {
            session.context.sessionMetrics.clampedPoses.increment();
        }
    }

    /** Moves {@code pose} toward the input within speed, reach and scene limits; true if clamped. */
    private boolean applyPose(float[] pose, Pose target, float maxStep, float[] anchor) {
        float x = target.getPosition().getX();
        float y = target.getPosition().getY();
        float z = target.getPosition().getZ();
        boolean clamped = false;
        if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
            return true;
        }
        float dx = x - pose[0];
        float dy = y - pose[1];
        float dz = z - pose[2];
        float distance = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (distance > maxStep) {
            float k = maxStep / distance;
            x = pose[0] + dx * k;
            y = pose[1] + dy * k;
            z = pose[2] + dz * k;
            clamped = true;
        }
        if (anchor != null) {
            float ax = x - anchor[0];
            float ay = y - anchor[1];
            float az = z - anchor[2];
            float reach = (float) Math.sqrt(ax * ax + ay * ay + az * az);
            if (reach > ARM_REACH) {
                float k = ARM_REACH / reach;
                x = anchor[0] + ax * k;
                y = anchor[1] + ay * k;
                z = anchor[2] + az * k;
                clamped = true;
            }
        }
        var scene = session.scene;
        float cx = Math.max(scene.minX(), Math.min(scene.maxX(), x));
        float cy = Math.max(scene.minY(), Math.min(scene.maxY(), y));
        float cz = Math.max(scene.minZ(), Math.min(scene.maxZ(), z));
        clamped |= cx != x || cy != y || cz != z;
        pose[0] = cx;
        pose[1] = cy;
        pose[2] = cz;
        rotation[0] = target.getRotation().getX();
        rotation[1] = target.getRotation().getY();
        rotation[2] = target.getRotation().getZ();
        rotation[3] = target.getRotation().getW();
        ensemble.server.world.Rotations.normalize(rotation);
        System.arraycopy(rotation, 0, pose, 3, 4);
        return clamped;
    }

    void heldEntitiesFollowHands() {
        for (Entity entity : session.entities) {
            if (entity.holder() < 0) {
                continue;
            }
            Participant holder = session.byIndex[entity.holder()];
            if (holder == null) {
                entity.release();
                continue;
            }
            float[] hand = entity.heldInLeftHand() ? holder.leftHand : holder.rightHand;
            split(hand);
            entity.follow(position, rotation, scratch);
        }
    }

    void grab(Participant p, Grab grab) {
        Entity entity = session.entitiesById.get(grab.getEntityId());
        GrabResult.Builder result = GrabResult.newBuilder().setRequestId(grab.getRequestId())
                .setEntityId(grab.getEntityId());
        ErrorCode refusal = null;
        if (session.state == Session.State.PAUSED) {
            refusal = ErrorCode.ERROR_CODE_SESSION_PAUSED;
        } else if (entity == null || !entity.present()) {
            refusal = ErrorCode.ERROR_CODE_UNKNOWN_ENTITY;
        } else if (p.isSpectator() || !entity.spec().grabbable()) {
            refusal = ErrorCode.ERROR_CODE_FORBIDDEN;
        } else if (entity.holder() >= 0 && entity.holder() != p.index) {
            refusal = ErrorCode.ERROR_CODE_ALREADY_HELD;
            Participant holder = session.byIndex[entity.holder()];
            result.setHolderId(holder != null ? holder.id : "");
        } else if (distance(hand(p, grab.getHand()), entity.position) > GRAB_REACH) {
            refusal = ErrorCode.ERROR_CODE_OUT_OF_REACH;
        }
        if (refusal != null) {
            session.send(p, ServerMessage.newBuilder().setGrabResult(result.setGranted(false).setReason(refusal)).build());
            return;
        }
        boolean left = grab.getHand() == Hand.HAND_LEFT;
        split(left ? p.leftHand : p.rightHand);
        entity.grab(p.index, left, position, rotation);
        session.send(p, ServerMessage.newBuilder().setGrabResult(result.setGranted(true)).build());
        session.broadcast(entityEvent(EntityEvent.Kind.KIND_GRABBED, entity, p, ""));
        session.events.append("grab", session.tick, session.context.clock().millis(), p.id,
                Map.of("entity", entity.id(), "hand", left ? "left" : "right"));
        session.worldEvent("grab", p, entity.id(), left ? "left" : "right");
    }

    void release(Participant p, Release release) {
        Entity entity = session.entitiesById.get(release.getEntityId());
        if (entity == null) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_ENTITY, "no entity " + release.getEntityId(), "release"));
            return;
        }
        if (entity.holder() != p.index) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_NOT_HOLDER, "you do not hold " + entity.id(), "release"));
            return;
        }
        entity.release();
        session.broadcast(entityEvent(EntityEvent.Kind.KIND_RELEASED, entity, p, ""));
        session.events.append("release", session.tick, session.context.clock().millis(), p.id,
                Map.of("entity", entity.id()));
        session.worldEvent("release", p, entity.id(), "");
    }

    void use(Participant p, Use use) {
        Entity entity = session.entitiesById.get(use.getEntityId());
        if (session.state == Session.State.PAUSED) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_SESSION_PAUSED, "the session is paused", "use"));
            return;
        }
        if (entity == null || !entity.present()) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_ENTITY, "no entity " + use.getEntityId(), "use"));
            return;
        }
        if (p.isSpectator() || !entity.spec().usable()) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_FORBIDDEN, entity.id() + " cannot be used", "use"));
            return;
        }
        boolean held = entity.holder() == p.index;
        if (!held && Math.min(distance(p.leftHand, entity.position), distance(p.rightHand, entity.position)) > GRAB_REACH) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_OUT_OF_REACH, entity.id() + " is out of reach", "use"));
            return;
        }
        String action = use.getAction().length() > 64 ? use.getAction().substring(0, 64) : use.getAction();
        session.broadcast(entityEvent(EntityEvent.Kind.KIND_USED, entity, p, action));
        session.events.append("use", session.tick, session.context.clock().millis(), p.id,
                Map.of("entity", entity.id(), "action", action));
        session.worldEvent("use", p, entity.id(), action);
    }

    void chat(Participant p, ChatSend chat) {
        if (p.isSpectator()) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_FORBIDDEN, "spectators watch; they cannot chat", "chat"));
            return;
        }
        if (p.muted) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_MUTED, "the facilitator has muted you", "chat"));
            return;
        }
        String text = chat.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        if (text.length() > MAX_CHAT_CHARS) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_FIELD_TOO_LONG,
                    "chat lines are at most " + MAX_CHAT_CHARS + " characters", "chat"));
            return;
        }
        long now = session.context.clock().millis();
        p.chatTokens = ChatAllowance.refilled(p.chatTokens, p.chatRefillMillis, now);
        p.chatRefillMillis = now;
        if (p.chatTokens < 1) {
            session.send(p, Replies.error(ErrorCode.ERROR_CODE_RATE_LIMITED, "too many chat lines; wait a moment", "chat"));
            return;
        }
        p.chatTokens -= 1;
        ChatLine.Builder line = ChatLine.newBuilder().setFromParticipantId(p.id).setFromName(p.displayName)
                .setText(text).setTick(session.tick);
        if (!chat.getTo().isEmpty()) {
            Participant to = session.participant(chat.getTo());
            if (to == null) {
                session.send(p, Replies.error(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "no participant " + chat.getTo(), "chat"));
                return;
            }
            ServerMessage message = ServerMessage.newBuilder().setChat(line.setWhisper(true)).build();
            session.send(to, message);
            session.send(p, message);
        } else {
            session.broadcast(ServerMessage.newBuilder().setChat(line).build());
        }
        session.events.append("chat", session.tick, now, p.id,
                chat.getTo().isEmpty() ? Map.of("text", text) : Map.of("text", text, "to", chat.getTo()));
        session.worldEvent("chat", p, chat.getTo(), text);
    }

    private ServerMessage entityEvent(EntityEvent.Kind kind, Entity entity, Participant p, String action) {
        return ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder().setKind(kind)
                .setEntityId(entity.id()).setParticipantId(p.id).setTick(session.tick).setAction(action)).build();
    }

    private static float[] hand(Participant p, Hand hand) {
        return hand == Hand.HAND_LEFT ? p.leftHand : p.rightHand;
    }

    private void split(float[] pose) {
        position[0] = pose[0];
        position[1] = pose[1];
        position[2] = pose[2];
        rotation[0] = pose[3];
        rotation[1] = pose[4];
        rotation[2] = pose[5];
        rotation[3] = pose[6];
    }

    static float distance(float[] a, float[] b) {
        float dx = a[0] - b[0];
        float dy = a[1] - b[1];
        float dz = a[2] - b[2];
        return (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
