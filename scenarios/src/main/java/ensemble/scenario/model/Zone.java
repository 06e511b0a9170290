package ensemble.scenario.model;

/** A region participants can enter and leave, tested against their head position. */
public record Zone(String id, Shape shape, SourcePos pos) {

    public sealed interface Shape permits BoxShape, SphereShape {
        boolean contains(Vec3 p);

        Box boundingBox();

        Vec3 center();
    }

    public record BoxShape(Vec3 center, Vec3 size) implements Shape {
        public boolean contains(Vec3 p) {
            return boundingBox().contains(p);
        }

        public Box boundingBox() {
            return Box.around(center, size);
        }
    }

    public record SphereShape(Vec3 center, double radius) implements Shape {
        public boolean contains(Vec3 p) {
            return center.distanceTo(p) <= radius;
        }

        public Box boundingBox() {
            return Box.around(center, new Vec3(2 * radius, 2 * radius, 2 * radius));
        }
    }

    public boolean contains(Vec3 p) {
        return shape.contains(p);
    }
}
