package ensemble.server.session;

import ensemble.server.world.Entity;
import ensemble.server.world.Scene;
import ensemble.v1.EntityInfo;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.SessionStatus;
import ensemble.v1.Vec3;

/** Protocol views of a session's state, for Welcome and status messages. Tick thread only. */
final class SessionViews {
    private SessionViews() {
    }

    static SessionStatus status(Session session) {
        SessionStatus.Builder status = SessionStatus.newBuilder()
                .setState(switch (session.state) {
                    case WAITING -> SessionStatus.State.STATE_WAITING;
                    case RUNNING -> SessionStatus.State.STATE_RUNNING;
                    case PAUSED -> SessionStatus.State.STATE_PAUSED;
                    case ENDED -> SessionStatus.State.STATE_ENDED;
                })
                .setTick(session.tick)
                .setElapsedMs(session.context.clock().millis() - session.createdAtMillis)
                .setTitle(session.scene.title());
        for (Participant p : session.participants()) {
            status.addParticipants(info(session, p));
        }
        for (Entity entity : session.entities) {
            status.addEntities(entityInfo(entity));
        }
        return status.build();
    }

    static ParticipantInfo info(Session session, Participant p) {
        Scene.Role role = session.scene.role(p.role);
        return ParticipantInfo.newBuilder().setParticipantId(p.id).setIndex(p.index).setDisplayName(p.displayName)
                .setRole(p.role).setColor(role != null && role.color() != null ? role.color() : "#999999")
                .setClientKind(p.clientKind).setConnected(p.connected).setMuted(p.muted).setScore(p.score).build();
    }

    static EntityInfo entityInfo(Entity entity) {
        Scene.EntitySpec spec = entity.spec();
        EntityInfo.Builder info = EntityInfo.newBuilder().setId(spec.id()).setIndex(entity.index())
                .setShape(nullToEmpty(spec.shape())).setModel(nullToEmpty(spec.model()))
                .setPose(Pose.newBuilder()
                        .setPosition(Vec3.newBuilder().setX(entity.position[0]).setY(entity.position[1]).setZ(entity.position[2]))
                        .setRotation(Quat.newBuilder().setX(entity.rotation[0]).setY(entity.rotation[1])
                                .setZ(entity.rotation[2]).setW(entity.rotation[3])))
                .setColor(nullToEmpty(spec.color())).setGrabbable(spec.grabbable()).setUsable(spec.usable())
                .setLabel(nullToEmpty(spec.label())).setState(nullToEmpty(entity.state()));
        if (spec.scale() != null) {
            info.setScale(Vec3.newBuilder().setX(spec.scale().x()).setY(spec.scale().y()).setZ(spec.scale().z()));
        }
        return info.build();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
