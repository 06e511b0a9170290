package ensemble.client.xr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jme3.math.Matrix4f;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.Camera;
import ensemble.client.input.TrackedPose;
import org.junit.jupiter.api.Test;

class XrMathTest {
    static final float EPS = 1e-5f;

    @Test
    void symmetricFovGivesTheTextbookPerspective() {
        float half = (float) Math.toRadians(45);
        float[] m = XrMath.projection(-half, half, half, -half, 0.1f, 100f);
        assertEquals(1f, m[0], EPS); // cot(45°)
        assertEquals(1f, m[5], EPS);
        assertEquals(0f, m[2], EPS);
        assertEquals(0f, m[6], EPS);
        assertEquals(-(100f + 0.1f) / (100f - 0.1f), m[10], EPS);
        assertEquals(-2f * 100f * 0.1f / (100f - 0.1f), m[11], EPS);
        assertEquals(-1f, m[14], EPS);
    }

    @Test
    void asymmetricFovShiftsTheCentreTowardTheWiderSide() {
        // a typical left eye: wider to the left (outward) than to the right (toward the nose)
        float l = (float) Math.toRadians(-50);
        float r = (float) Math.toRadians(40);
        float u = (float) Math.toRadians(45);
        float d = (float) Math.toRadians(-50);
        float[] m = XrMath.projection(l, r, u, d, 0.05f, 200f);
        double tl = Math.tan(l);
        double tr = Math.tan(r);
        assertEquals((float) ((tr + tl) / (tr - tl)), m[2], EPS);
        assertEquals(true, m[2] < 0, "centre column shifts left");
        assertEquals(true, m[6] < 0, "and down");
        // the frustum's edges land on the clip-space edges
        assertEquals(-1f, ndcX(m, (float) tl), 1e-4f);
        assertEquals(1f, ndcX(m, (float) tr), 1e-4f);
    }

    /** NDC x of the point at view direction (tanX, 0, -1). */
    static float ndcX(float[] m, float tanX) {
        float x = m[0] * tanX + m[2] * -1;
        float w = m[14] * -1;
        return x / w;
    }

    @Test
    void jmeCameraWithOurFrustumHasTheSameProjection() {
        float l = (float) Math.toRadians(-52);
        float r = (float) Math.toRadians(41);
        float u = (float) Math.toRadians(44);
        float d = (float) Math.toRadians(-49);
        Camera cam = new Camera(800, 900);
        XrSessionState.applyFov(cam, l, r, u, d);
        Matrix4f p = cam.getProjectionMatrix();
        float[] ours = XrMath.projection(l, r, u, d, XrSessionState.NEAR, XrSessionState.FAR);
        float[] theirs = new float[16];
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 4; col++) {
                theirs[row * 4 + col] = p.get(row, col);
            }
        }
        assertArrayEquals(ours, theirs, 1e-4f);
    }

    @Test
    void identityOpenXrPoseLooksAlongMinusZInJme() {
        TrackedPose pose = XrMath.fromXr(1, 2, 3, 0, 0, 0, 1, new TrackedPose());
        Camera cam = new Camera(10, 10);
        cam.setRotation(new Quaternion(pose.qx, pose.qy, pose.qz, pose.qw));
        assertVec(new Vector3f(0, 0, -1), cam.getDirection());
        assertVec(new Vector3f(0, 1, 0), cam.getUp());
        assertVec(new Vector3f(-1, 0, 0), cam.getLeft()); // OpenXR's +X is to the right
        assertEquals(1f, pose.x);
        assertEquals(2f, pose.y);
        assertEquals(3f, pose.z);
    }

    @Test
    void openXrRotationsKeepTheirMeaning() {
        // OpenXR: turned 90° left about +Y, a view looks along -X; jME's camera must too
        float s = (float) Math.sin(Math.PI / 4);
        TrackedPose yawed = XrMath.fromXr(0, 0, 0, 0, s, 0, s, new TrackedPose());
        Camera cam = new Camera(10, 10);
        cam.setRotation(new Quaternion(yawed.qx, yawed.qy, yawed.qz, yawed.qw));
        assertVec(new Vector3f(-1, 0, 0), cam.getDirection());
        // pitched 30° up about +X: looks up and along -Z
        float h = (float) Math.toRadians(15);
        TrackedPose up = XrMath.fromXr(0, 0, 0, (float) Math.sin(h), 0, 0, (float) Math.cos(h), new TrackedPose());
        cam.setRotation(new Quaternion(up.qx, up.qy, up.qz, up.qw));
        assertVec(new Vector3f(0, 0.5f, -(float) Math.cos(Math.toRadians(30))), cam.getDirection());
        assertEquals((float) Math.PI, Math.abs(XrMath.yawOf(XrMath.fromXr(0, 0, 0, 0, 0, 0, 1, new TrackedPose()))), 1e-5f);
    }

    @Test
    void stageToWorldTurnsAndMovesPositionAndRotation() {
        TrackedPose stage = XrMath.fromXr(0, 1.7f, -1, 0, 0, 0, 1, new TrackedPose()); // a metre ahead, looking ahead
        float yaw = (float) (Math.PI / 2); // the stage is turned to face +X... (its -Z to -X)
        TrackedPose world = XrMath.stageToWorld(stage, 10, 0, 5, yaw, new TrackedPose());
        // stage -Z turned +90° about Y becomes -X
        assertEquals(9f, world.x, EPS);
        assertEquals(1.7f, world.y, EPS);
        assertEquals(5f, world.z, EPS);
        float[] dir = new float[3];
        XrMath.rotate(world.qx, world.qy, world.qz, world.qw, 0, 0, 1, dir);
        assertArrayEquals(new float[] {-1, 0, 0}, dir, 1e-5f);
        // yaw 0: a pure translation
        TrackedPose moved = XrMath.stageToWorld(stage, 2, 0, 3, 0, new TrackedPose());
        assertEquals(2f, moved.x, EPS);
        assertEquals(2f, moved.z, EPS);
        assertEquals(stage.qy, moved.qy, EPS);
    }

    static void assertVec(Vector3f expected, Vector3f actual) {
        assertEquals(expected.x, actual.x, 1e-5f, "x of " + actual);
        assertEquals(expected.y, actual.y, 1e-5f, "y of " + actual);
        assertEquals(expected.z, actual.z, 1e-5f, "z of " + actual);
    }
}
