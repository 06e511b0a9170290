package ensemble.server.session;

import ensemble.server.world.Entity;
import ensemble.server.world.Scene;
import ensemble.v1.Bounds;
import ensemble.v1.EntityInfo;
import ensemble.v1.Light;
import ensemble.v1.RoleInfo;
import ensemble.v1.SceneLayout;
import ensemble.v1.Wall;
import ensemble.v1.Zone;
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
        status.setLayout(layout(session.scene));
        return status.build();
    }

    static SceneLayout layout(Scene scene) {
        SceneLayout.Builder layout = SceneLayout.newBuilder()
                .setBounds(Bounds.newBuilder()
                        .setMin(Vec3.newBuilder().setX(scene.minX()).setY(scene.minY()).setZ(scene.minZ()))
                        .setMax(Vec3.newBuilder().setX(scene.maxX()).setY(scene.maxY()).setZ(scene.maxZ())))
                .setFloorColor(scene.environment().floorColor()).setSkyColor(scene.environment().skyColor());
        for (Scene.Wall wall : scene.environment().walls()) {
            layout.addWalls(Wall.newBuilder().setCenter(vec(wall.center())).setSize(vec(wall.size()))
                    .setColor(nullToEmpty(wall.color())));
        }
        for (Scene.Light light : scene.environment().lights()) {
            layout.addLights(Light.newBuilder().setKind(light.kind()).setPosition(vec(light.position()))
                    .setDirection(vec(light.direction())).setColor(nullToEmpty(light.color()))
                    .setIntensity(light.intensity()));
        }
        for (Scene.Zone zone : scene.zones()) {
            Zone.Builder z = Zone.newBuilder().setId(zone.id()).setShape(zone.shape()).setCenter(vec(zone.center()))
                    .setRadius(zone.radius()).setColor(nullToEmpty(zone.color())).setLabel(nullToEmpty(zone.label()));
            if (zone.size() != null) {
                z.setSize(vec(zone.size()));
            }
            layout.addZones(z);
        }
        for (Scene.Role role : scene.roles()) {
            layout.addRoles(RoleInfo.newBuilder().setId(role.id()).setName(nullToEmpty(role.name()))
                    .setColor(nullToEmpty(role.color())).setMinCount(role.minCount()).setMaxCount(role.maxCount())
                    .setSpawn(vec(role.spawn())));
        }
        return layout.build();
    }

    private static Vec3 vec(ensemble.server.world.Point p) {
        return p == null ? Vec3.getDefaultInstance() : Vec3.newBuilder().setX(p.x()).setY(p.y()).setZ(p.z()).build();
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
