package ensemble.client.bench;

import ensemble.scenario.model.Colors;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Environment;
import ensemble.scenario.model.Role;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Zone;
import ensemble.v1.Bounds;
import ensemble.v1.EntityInfo;
import ensemble.v1.Light;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.RoleInfo;
import ensemble.v1.SceneLayout;
import ensemble.v1.SessionStatus;
import ensemble.v1.Vec3;
import ensemble.v1.Wall;
import java.util.Locale;

/**
 * A catalogue scenario as the session status a server would send for it (scene layout, roles,
 * entities present at the start), so the benchmark can fly through a real scenario's scene without
 * a server.
 */
public final class ScenarioLayout {
    private ScenarioLayout() {
    }

    public static SessionStatus status(Scenario scenario) {
        Environment env = scenario.environment();
        SceneLayout.Builder layout = SceneLayout.newBuilder()
                .setBounds(Bounds.newBuilder().setMin(vec(env.bounds().min())).setMax(vec(env.bounds().max())))
                .setFloorColor(Colors.hex(env.floor().color(), "#8a8f98")).setSkyColor(Colors.hex(env.sky(), "#b8d4f0"));
        for (Environment.Wall wall : env.walls()) {
            layout.addWalls(Wall.newBuilder().setCenter(vec(wall.boxCenter())).setSize(vec(wall.boxSize()))
                    .setColor(Colors.hex(wall.color(), "#d8d8d8")));
        }
        for (Environment.Light light : env.lights()) {
            Light.Builder l = Light.newBuilder().setKind(light.kind().name().toLowerCase(Locale.ROOT))
                    .setColor(Colors.hex(light.color(), "#ffffff")).setIntensity((float) light.intensity());
            if (light.kind() == Environment.LightKind.POINT) {
                l.setPosition(vec(light.vector()));
            } else if (light.kind() == Environment.LightKind.DIRECTIONAL) {
                l.setDirection(vec(light.vector()));
            }
            layout.addLights(l);
        }
        for (Zone zone : scenario.zones()) {
            ensemble.v1.Zone.Builder z = ensemble.v1.Zone.newBuilder().setId(zone.id()).setLabel(zone.id()).setColor("#40c040");
            if (zone.shape() instanceof Zone.BoxShape box) {
                z.setShape("box").setCenter(vec(box.center())).setSize(vec(box.size()));
            } else {
                Zone.SphereShape sphere = (Zone.SphereShape) zone.shape();
                z.setShape("sphere").setCenter(vec(sphere.center())).setRadius((float) sphere.radius());
            }
            layout.addZones(z);
        }
        for (Role role : scenario.roles()) {
            layout.addRoles(RoleInfo.newBuilder().setId(role.id()).setName(role.name()).setColor(Colors.hex(role.color(), "#3080ff"))
                    .setMinCount(role.minCount()).setMaxCount(role.maxCount()).setSpawn(vec(role.spawn())));
        }
        SessionStatus.Builder status = SessionStatus.newBuilder().setState(SessionStatus.State.STATE_RUNNING)
                .setTitle(scenario.title()).setLayout(layout);
        int index = 0;
        for (Entity e : scenario.entities()) {
            if (!e.present()) {
                index++;
                continue;
            }
            double[] q = e.quaternion();
            EntityInfo.Builder info = EntityInfo.newBuilder().setId(e.id()).setIndex(index++)
                    .setShape(e.shape() instanceof Entity.Primitive p ? p.kind().name().toLowerCase(Locale.ROOT) : "model")
                    .setModel(e.shape() instanceof Entity.Model m ? m.path() : "")
                    .setPose(Pose.newBuilder().setPosition(vec(e.position()))
                            .setRotation(Quat.newBuilder().setX((float) q[0]).setY((float) q[1]).setZ((float) q[2]).setW((float) q[3])))
                    .setScale(vec(e.drawnSize())).setColor(Colors.hex(e.color(), "#999999"))
                    .setGrabbable(e.grabbable()).setUsable(e.usable()).setLabel(e.label().orElse(e.id())).setState(e.state());
            status.addEntities(info);
        }
        return status.build();
    }

    private static Vec3 vec(ensemble.scenario.model.Vec3 v) {
        return Vec3.newBuilder().setX((float) v.x()).setY((float) v.y()).setZ((float) v.z()).build();
    }
}
