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
