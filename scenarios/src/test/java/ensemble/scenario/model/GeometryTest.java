package ensemble.scenario.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The geometry every client and the server derive from a scenario's entities and walls. */
class GeometryTest {
    private static Entity entity(Vec3 rotation, Vec3 scale) {
        return new Entity("e", new Entity.Primitive(Entity.PrimitiveKind.CYLINDER, new Vec3(0.2, 0.6, 0.2)), Vec3.ZERO,
                rotation, scale, "red", true, false, "idle", Optional.empty(), true, null, null);
    }

    @Test
    void yawPitchRollBecomeAUnitQuaternion() {
        double h = Math.sqrt(0.5);
        assertArrayEquals(new double[] {0, 0, 0, 1}, entity(Vec3.ZERO, Vec3.ONE).quaternion(), 1e-9);
        assertArrayEquals(new double[] {0, h, 0, h}, entity(new Vec3(90, 0, 0), Vec3.ONE).quaternion(), 1e-9);
        assertArrayEquals(new double[] {h, 0, 0, h}, entity(new Vec3(0, 90, 0), Vec3.ONE).quaternion(), 1e-9);
        assertArrayEquals(new double[] {0, 0, h, h}, entity(new Vec3(0, 0, 90), Vec3.ONE).quaternion(), 1e-9);
        double[] q = entity(new Vec3(30, 20, 10), Vec3.ONE).quaternion();
        assertEquals(1, q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3], 1e-9);
    }

    @Test
    void aPrimitiveIsDrawnAtItsSizeTimesItsScale() {
        assertEquals(new Vec3(0.4, 0.6, 0.2), entity(Vec3.ZERO, new Vec3(2, 1, 1)).drawnSize());
    }

    @Test
    void wallsBecomeBoxes() {
        Environment.Wall wall = new Environment.Wall(-12, -9, 12, -9, 3, 0.2, "grey", null);
        assertEquals(new Vec3(0, 1.5, -9), wall.boxCenter());
        assertEquals(new Vec3(24, 3, 0.2), wall.boxSize());
    }

    @Test
    void coloursBecomeHex() {
        assertEquals("#808080", Colors.hex("grey", "#000000"));
        assertEquals("#ff8800", Colors.hex("#FF8800", "#000000"));
        assertEquals("#aabbcc", Colors.hex("#abc", "#000000"));
        assertEquals("#123456", Colors.hex("no such colour", "#123456"));
    }
}
