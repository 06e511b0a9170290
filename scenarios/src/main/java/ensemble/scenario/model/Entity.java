package ensemble.scenario.model;

import java.util.Optional;

/**
 * A thing in the scene. {@code present} is false for entities that only appear when an action
 * spawns them. Positions in metres, rotation in degrees (yaw, pitch, roll).
 */
public record Entity(String id, Shape shape, Vec3 position, Vec3 rotation, Vec3 scale, String color,
                     boolean grabbable, boolean usable, String state, Optional<String> label,
                     boolean present, SourcePos pos, SourcePos positionPos) {

    /**
     * The rotation as a unit quaternion {x, y, z, w}: {@code rotation} is yaw (about y), pitch
     * (about x), roll (about z) in degrees, applied yaw · pitch · roll.
     */
    public double[] quaternion() {
        double yaw = Math.toRadians(rotation.x()) / 2;
        double pitch = Math.toRadians(rotation.y()) / 2;
        double roll = Math.toRadians(rotation.z()) / 2;
        double cy = Math.cos(yaw);
        double sy = Math.sin(yaw);
        double cp = Math.cos(pitch);
        double sp = Math.sin(pitch);
        double cr = Math.cos(roll);
        double sr = Math.sin(roll);
        return new double[] {cy * sp * cr + sy * cp * sr, sy * cp * cr - cy * sp * sr, cy * cp * sr - sy * sp * cr,
            cy * cp * cr + sy * sp * sr};
    }

    /** Size in metres as drawn: a primitive's size times the scale; a model's scale. */
    public Vec3 drawnSize() {
        if (shape instanceof Primitive primitive) {
            return new Vec3(primitive.size().x() * scale.x(), primitive.size().y() * scale.y(),
                    primitive.size().z() * scale.z());
        }
        return scale;
    }

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
