package ensemble.server.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a session simulates: the scene bounds (the quantisation grid), the roles people join as,
 * and the entities at the start. Built from a scenario definition, or generated for tests and
 * benchmarks by {@link #testRoom(int, int)}.
 *
 * @param minX..maxZ scene bounds in metres; every position is clamped inside them
 * @param scenario   the scenario this scene was built from, or null for a generated room
 */
public record Scene(String scenarioId, String scenarioVersion, String title,
        float minX, float minY, float minZ, float maxX, float maxY, float maxZ,
        List<Role> roles, List<EntitySpec> entities, Environment environment, List<Zone> zones,
        ensemble.scenario.model.Scenario scenario) {

    /** Floor, sky, walls and lights; colours as {@code #rrggbb}. */
    public record Environment(String floorColor, String skyColor, List<Wall> walls, List<Light> lights) {
        public Environment {
            walls = List.copyOf(walls);
            lights = List.copyOf(lights);
        }

        public static Environment plain() {
            return new Environment("#8a8f98", "#b8d4f0", List.of(), List.of(
                    new Light("ambient", Point.ORIGIN, Point.ORIGIN, "#ffffff", 0.4f),
                    new Light("directional", Point.ORIGIN, new Point(-0.4f, -1f, -0.3f), "#ffffff", 0.9f)));
        }
    }

    /** An axis-aligned box wall. */
    public record Wall(Point center, Point size, String color) {
    }

    /** A light: {@code ambient}, {@code directional} (with direction) or {@code point} (with position). */
    public record Light(String kind, Point position, Point direction, String color, float intensity) {
    }

    /** A named area: {@code box} (center, size) or {@code sphere} (center, radius). */
    public record Zone(String id, String shape, Point center, Point size, float radius, String color, String label) {
    }

    /** A scene without environment details or zones: a plain floor, sky and light. */
    public Scene(String scenarioId, String scenarioVersion, String title,
            float minX, float minY, float minZ, float maxX, float maxY, float maxZ,
            List<Role> roles, List<EntitySpec> entities) {
        this(scenarioId, scenarioVersion, title, minX, minY, minZ, maxX, maxY, maxZ, roles, entities,
                Environment.plain(), List.of(), null);
    }

    /** True when a scenario (steps, triggers, scoring) runs in this scene; false for a plain room. */
    public boolean hasScenario() {
        return scenario != null;
    }

    /** A role people join as. */
    public record Role(String id, String name, int minCount, int maxCount, String color, Point spawn) {
        public Role {
            Objects.requireNonNull(id, "role id");
            if (maxCount < 1 || minCount < 0 || minCount > maxCount) {
                throw new IllegalArgumentException("role " + id + ": counts must satisfy 0 <= min <= max, max >= 1");
            }
        }
    }

    /**
     * An entity as the scene starts with it. Rotation is a unit quaternion (x, y, z, w);
     * {@code present} is false for entities that only appear when the scenario spawns them.
     */
    public record EntitySpec(String id, String shape, String model, Point position, float[] rotation, Point scale,
            String color, boolean grabbable, boolean usable, String label, String state, boolean present) {

        /** An entity present from the start. */
        public EntitySpec(String id, String shape, String model, Point position, float[] rotation, Point scale,
                String color, boolean grabbable, boolean usable, String label, String state) {
            this(id, shape, model, position, rotation, scale, color, grabbable, usable, label, state, true);
        }

        public EntitySpec {
            Objects.requireNonNull(id, "entity id");
            rotation = rotation == null ? new float[] {0, 0, 0, 1} : rotation.clone();
            if (rotation.length != 4) {
                throw new IllegalArgumentException("entity " + id + ": rotation needs 4 components");
            }
        }

        @Override
        public float[] rotation() {
            return rotation.clone();
        }
    }

    public Scene {
        roles = List.copyOf(roles);
        entities = List.copyOf(entities);
        zones = List.copyOf(zones);
        java.util.Objects.requireNonNull(environment, "environment");
        if (!(maxX > minX && maxY > minY && maxZ > minZ)) {
            throw new IllegalArgumentException("scene bounds must have positive size");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a scene needs at least one role");
        }
    }

    public Role role(String id) {
        for (Role role : roles) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        return null;
    }

    /**
     * A 20 m x 20 m room with {@code entityCount} grabbable crates on a grid and one role,
     * {@code trainee}, of the given capacity. Used by tests, bots and the benchmark.
     */
    public static Scene testRoom(int entityCount, int capacity) {
        List<EntitySpec> entities = new ArrayList<>();
        int side = (int) Math.ceil(Math.sqrt(Math.max(1, entityCount)));
        for (int i = 0; i < entityCount; i++) {
            float x = -8f + 16f * (i % side) / Math.max(1, side - 1);
            float z = -8f + 16f * (i / side) / Math.max(1, side - 1);
            entities.add(new EntitySpec("crate-" + i, "box", null, new Point(x, 0.9f, z), null,
                    new Point(0.3f, 0.3f, 0.3f), "#c08040", true, i % 5 == 0, "Crate " + i, "idle"));
        }
        return new Scene("test-room", "1", "Test room", -10, 0, -10, 10, 4, 10,
                List.of(new Role("trainee", "Trainee", 0, capacity, "#3080ff", new Point(0, 0, 0))), entities);
    }
}
