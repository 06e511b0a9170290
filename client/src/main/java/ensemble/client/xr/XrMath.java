package ensemble.client.xr;

import ensemble.client.input.TrackedPose;

/**
 * The arithmetic between OpenXR and jME, pure Java so it is tested without a runtime.
 *
 * <p>Axes: OpenXR and jME are both right-handed with +Y up and metres, so world positions carry
 * over unchanged. What differs is the local "forward" of a posed thing: an OpenXR view or aim pose
 * looks along its local -Z with +X to its right, while a jME camera (and every {@link TrackedPose}
 * in this client, see {@code DesktopRig}) looks along local +Z with +X to its left. So an OpenXR
 * orientation becomes a jME one by turning it half a turn about its own Y axis:
 * {@code q_jme = q_xr * (0, 1, 0, 0)}.
 */
public final class XrMath {
    private XrMath() {
    }

    /**
     * jME frustum extents {left, right, top, bottom} at distance {@code near} for OpenXR's FOV
     * angles (radians; left and down are negative for a symmetric view), the values for
     * {@code Camera.setFrustum(near, far, left, right, top, bottom)}.
     */
    public static float[] frustum(float angleLeft, float angleRight, float angleUp, float angleDown, float near) {
        return new float[] {
            near * (float) Math.tan(angleLeft),
            near * (float) Math.tan(angleRight),
            near * (float) Math.tan(angleUp),
            near * (float) Math.tan(angleDown)};
    }

    /**
     * The OpenGL projection matrix for an asymmetric OpenXR field of view, row-major
     * ({@code m[row * 4 + col]}), clip z in [-1, 1] as OpenGL (and jME) use it.
     */
    public static float[] projection(float angleLeft, float angleRight, float angleUp, float angleDown, float near,
            float far) {
        double l = Math.tan(angleLeft);
        double r = Math.tan(angleRight);
        double u = Math.tan(angleUp);
        double d = Math.tan(angleDown);
        double w = r - l;
        double h = u - d;
        float[] m = new float[16];
        m[0] = (float) (2 / w);
        m[2] = (float) ((r + l) / w);
        m[5] = (float) (2 / h);
        m[6] = (float) ((u + d) / h);
        m[10] = (float) (-(far + near) / (far - near));
        m[11] = (float) (-2.0 * far * near / (far - near));
        m[14] = -1;
        return m;
    }

    /**
     * Writes an OpenXR pose (position, orientation x, y, z, w in stage space) into {@code out} in
     * jME's forward convention, still in stage space.
     */
    public static TrackedPose fromXr(float px, float py, float pz, float qx, float qy, float qz, float qw,
            TrackedPose out) {
        // q * (0, 1, 0, 0): Hamilton product with the half turn about Y
        out.set(px, py, pz);
        return out.rotation(-qz, qw, qx, -qy);
    }

    /**
     * Maps a stage-space pose to world space: the stage's origin stands at ({@code originX}, 0,
     * {@code originZ}) in the world, turned by {@code yaw} radians about +Y (positive turns left,
     * as everywhere in this client). {@code in} and {@code out} may be the same object.
     */
    public static TrackedPose stageToWorld(TrackedPose in, float originX, float originY, float originZ, float yaw,
            TrackedPose out) {
        float c = (float) Math.cos(yaw);
        float s = (float) Math.sin(yaw);
        float x = c * in.x + s * in.z;
        float z = -s * in.x + c * in.z;
        float hy = (float) Math.sin(yaw / 2);
        float hw = (float) Math.cos(yaw / 2);
        // (0, hy, 0, hw) * q
        float qx = hw * in.qx + hy * in.qz;
        float qy = hw * in.qy + hy * in.qw;
        float qz = hw * in.qz - hy * in.qx;
        float qw = hw * in.qw - hy * in.qy;
        out.set(originX + x, originY + in.y, originZ + z);
        return out.rotation(qx, qy, qz, qw);
    }

    /** Rotates vector (x, y, z) by unit quaternion q into {@code out} (three floats). */
    public static void rotate(float qx, float qy, float qz, float qw, float x, float y, float z, float[] out) {
        // v' = v + 2w (q x v) + 2 q x (q x v)
        float cx = qy * z - qz * y;
        float cy = qz * x - qx * z;
        float cz = qx * y - qy * x;
        float ccx = qy * cz - qz * cy;
        float ccy = qz * cx - qx * cz;
        float ccz = qx * cy - qy * cx;
        out[0] = x + 2 * (qw * cx + ccx);
        out[1] = y + 2 * (qw * cy + ccy);
        out[2] = z + 2 * (qw * cz + ccz);
    }

    /** Yaw (radians about +Y, positive left) of the direction a jME-convention pose looks along. */
    public static float yawOf(TrackedPose pose) {
        float[] f = new float[3];
        rotate(pose.qx, pose.qy, pose.qz, pose.qw, 0, 0, 1, f);
        return (float) Math.atan2(f[0], f[2]);
    }
}
