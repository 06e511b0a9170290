package ensemble.scenario.model;

/** An axis-aligned box in metres, from its minimum to its maximum corner. */
public record Box(Vec3 min, Vec3 max) {
    public static Box around(Vec3 center, Vec3 size) {
        Vec3 half = size.times(0.5);
        return new Box(center.minus(half), center.plus(half));
    }

    public boolean contains(Vec3 p) {
        return p.x() >= min.x() && p.x() <= max.x()
                && p.y() >= min.y() && p.y() <= max.y()
                && p.z() >= min.z() && p.z() <= max.z();
    }

    public boolean intersects(Box o) {
        return min.x() <= o.max.x() && max.x() >= o.min.x()
                && min.y() <= o.max.y() && max.y() >= o.min.y()
                && min.z() <= o.max.z() && max.z() >= o.min.z();
    }

    public boolean isEmpty() {
        return !(max.x() > min.x() && max.y() > min.y() && max.z() > min.z());
    }

    public Vec3 center() {
        return min.plus(max).times(0.5);
    }

    /** The nearest point of this box to {@code p} (p itself when inside). */
    public Vec3 clamp(Vec3 p) {
        return new Vec3(
                Math.max(min.x(), Math.min(max.x(), p.x())),
                Math.max(min.y(), Math.min(max.y(), p.y())),
                Math.max(min.z(), Math.min(max.z(), p.z())));
    }
}
