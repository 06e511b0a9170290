package ensemble.server.scenario;

import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Environment;
import ensemble.scenario.model.Role;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Vec3;
import ensemble.scenario.model.Zone;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a validated scenario into the scene a session simulates. */
public final class SceneBuilder {
    private SceneBuilder() {
    }

    public static Scene from(Scenario scenario) {
        Environment env = scenario.environment();
        List<Scene.Role> roles = new ArrayList<>();
        for (Role role : scenario.roles()) {
            roles.add(new Scene.Role(role.id(), role.name(), role.minCount(), role.maxCount(),
                    Colors.hex(role.color(), "#3080ff"), point(role.spawn())));
        }
        List<Scene.EntitySpec> entities = new ArrayList<>();
        for (Entity e : scenario.entities()) {
            String shape;
            String model = null;
            Point scale;
            if (e.shape() instanceof Entity.Primitive primitive) {
                shape = primitive.kind().name().toLowerCase(Locale.ROOT);
                scale = new Point((float) (primitive.size().x() * e.scale().x()), (float) (primitive.size().y() * e.scale().y()),
                        (float) (primitive.size().z() * e.scale().z()));
            } else {
                Entity.Model gltf = (Entity.Model) e.shape();
                shape = "model";
                model = gltf.path();
                scale = point(e.scale());
            }
            entities.add(new Scene.EntitySpec(e.id(), shape, model, point(e.position()), quaternion(e.rotation()), scale,
                    Colors.hex(e.color(), "#999999"), e.grabbable(), e.usable(), e.label().orElse(e.id()), e.state(),
                    e.present()));
        }
        List<Scene.Wall> walls = new ArrayList<>();
        for (Environment.Wall wall : env.walls()) {
            // Walls are drawn as boxes; a slanted wall becomes the box around it.
            float cx = (float) ((wall.fromX() + wall.toX()) / 2);
            float cz = (float) ((wall.fromZ() + wall.toZ()) / 2);
            float sx = (float) Math.max(Math.abs(wall.toX() - wall.fromX()), wall.thickness());
            float sz = (float) Math.max(Math.abs(wall.toZ() - wall.fromZ()), wall.thickness());
            walls.add(new Scene.Wall(new Point(cx, (float) wall.height() / 2, cz), new Point(sx, (float) wall.height(), sz),
                    Colors.hex(wall.color(), "#d8d8d8")));
        }
        List<Scene.Light> lights = new ArrayList<>();
        for (Environment.Light light : env.lights()) {
            String kind = light.kind().name().toLowerCase(Locale.ROOT);
            Point vector = point(light.vector());
            lights.add(new Scene.Light(kind, light.kind() == Environment.LightKind.POINT ? vector : Point.ORIGIN,
                    light.kind() == Environment.LightKind.DIRECTIONAL ? vector : Point.ORIGIN,
                    Colors.hex(light.color(), "#ffffff"), (float) light.intensity()));
        }
        if (lights.isEmpty()) {
            lights.addAll(Scene.Environment.plain().lights());
        }
        List<Scene.Zone> zones = new ArrayList<>();
        for (Zone zone : scenario.zones()) {
            if (zone.shape() instanceof Zone.BoxShape box) {
                zones.add(new Scene.Zone(zone.id(), "box", point(box.center()), point(box.size()), 0, "#40c040", zone.id()));
            } else {
                Zone.SphereShape sphere = (Zone.SphereShape) zone.shape();
                zones.add(new Scene.Zone(zone.id(), "sphere", point(sphere.center()), null, (float) sphere.radius(),
                        "#40c040", zone.id()));
            }
        }
        var bounds = env.bounds();
        return new Scene(scenario.id(), scenario.version(), scenario.title(),
                (float) bounds.min().x(), (float) bounds.min().y(), (float) bounds.min().z(),
                (float) bounds.max().x(), (float) bounds.max().y(), (float) bounds.max().z(), roles, entities,
                new Scene.Environment(Colors.hex(env.floor().color(), "#8a8f98"), Colors.hex(env.sky(), "#b8d4f0"),
                        walls, lights), zones, scenario);
    }

    static Point point(Vec3 v) {
        return new Point((float) v.x(), (float) v.y(), (float) v.z());
    }

    /** Yaw (about y), pitch (about x), roll (about z) in degrees, applied yaw · pitch · roll. */
    static float[] quaternion(Vec3 degrees) {
        double yaw = Math.toRadians(degrees.x()) / 2;
        double pitch = Math.toRadians(degrees.y()) / 2;
        double roll = Math.toRadians(degrees.z()) / 2;
        double cy = Math.cos(yaw);
        double sy = Math.sin(yaw);
        double cp = Math.cos(pitch);
        double sp = Math.sin(pitch);
        double cr = Math.cos(roll);
        double sr = Math.sin(roll);
        // q = qYaw(y) * qPitch(x) * qRoll(z)
        double x = cy * sp * cr + sy * cp * sr;
        double y = sy * cp * cr - cy * sp * sr;
        double z = cy * cp * sr - sy * sp * cr;
        double w = cy * cp * cr + sy * sp * sr;
        return new float[] {(float) x, (float) y, (float) z, (float) w};
    }
}
