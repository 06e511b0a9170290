package ensemble.server.world;

/** A position in metres. */
public record Point(float x, float y, float z) {
    public static final Point ORIGIN = new Point(0, 0, 0);

    public float distanceTo(Point other) {
        float dx = x - other.x;
        float dy = y - other.y;
        float dz = z - other.z;
        return (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
