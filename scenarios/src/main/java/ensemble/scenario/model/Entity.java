package ensemble.scenario.model;

import java.util.Optional;

/**
 * A thing in the scene. {@code present} is false for entities that only appear when an action
 * spawns them. Positions in metres, rotation in degrees (yaw, pitch, roll).
 */
public record Entity(String id, Shape shape, Vec3 position, Vec3 rotation, Vec3 scale, String color,
                     boolean grabbable, boolean usable, String state, Optional<String> label,
                     boolean present, SourcePos pos, SourcePos positionPos) {

    /** How an entity looks: a primitive of a given size, or a glTF model from the scenario folder. */
    public sealed interface Shape permits Primitive, Model {
    }

    public enum PrimitiveKind { BOX, SPHERE, CYLINDER, CAPSULE, PLANE }

    /** A primitive whose bounding box is {@code size} metres. */
    public record Primitive(PrimitiveKind kind, Vec3 size) implements Shape {
    }

    /** A glTF model; {@code path} is relative to the scenario folder. */
    public record Model(String path, SourcePos pos) implements Shape {
    }
}
