package ensemble.server.scenario;

import ensemble.scenario.model.Colors;
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
            String shape = e.shape() instanceof Entity.Primitive primitive
                    ? primitive.kind().name().toLowerCase(Locale.ROOT) : "model";
            String model = e.shape() instanceof Entity.Model gltf ? gltf.path() : null;
            double[] q = e.quaternion();
            entities.add(new Scene.EntitySpec(e.id(), shape, model, point(e.position()),
                    new float[] {(float) q[0], (float) q[1], (float) q[2], (float) q[3]}, point(e.drawnSize()),
                    Colors.hex(e.color(), "#999999"), e.grabbable(), e.usable(), e.label().orElse(e.id()), e.state(),
                    e.present()));
        }
        List<Scene.Wall> walls = new ArrayList<>();
        for (Environment.Wall wall : env.walls()) {
            walls.add(new Scene.Wall(point(wall.boxCenter()), point(wall.boxSize()), Colors.hex(wall.color(), "#d8d8d8")));
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
}
