package ensemble.scenario.model;

import java.util.List;

/**
 * The room: a floor centred on the origin, walls, lights, sky, and the scene bounds. The bounds are
 * either written in the file or derived from the floor and {@code height}; the server quantises
 * every position inside them, so nothing of the scenario may lie outside.
 */
public record Environment(Floor floor, double height, Box bounds, boolean boundsExplicit,
                          List<Wall> walls, List<Light> lights, String sky, SourcePos pos) {

    /** Floor size in metres along x ({@code width}) and z ({@code depth}). */
    public record Floor(double width, double depth, String color) {
    }

    /** A wall on the floor plan from (x, z) to (x, z), in metres. */
    public record Wall(double fromX, double fromZ, double toX, double toZ, double height,
                       double thickness, String color, SourcePos pos) {

        /** Centre of the box drawn for this wall (a slanted wall is drawn as the box around it). */
        public Vec3 boxCenter() {
            return new Vec3((fromX + toX) / 2, height / 2, (fromZ + toZ) / 2);
        }

        /** Size of the box drawn for this wall, at least its thickness on each floor axis. */
        public Vec3 boxSize() {
            return new Vec3(Math.max(Math.abs(toX - fromX), thickness), height, Math.max(Math.abs(toZ - fromZ), thickness));
        }
    }

    public enum LightKind { AMBIENT, DIRECTIONAL, POINT }

    /** A light; {@code vector} is the direction (directional) or the position (point). */
    public record Light(LightKind kind, String color, double intensity, Vec3 vector, SourcePos pos) {
    }

    /** Bounds derived from a floor centred on the origin and a ceiling height. */
    public static Box derivedBounds(Floor floor, double height) {
        return new Box(new Vec3(-floor.width() / 2, 0, -floor.depth() / 2),
                new Vec3(floor.width() / 2, height, floor.depth() / 2));
    }
}
