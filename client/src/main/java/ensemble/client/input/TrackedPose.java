package ensemble.client.input;

/**
 * A mutable pose in world space: position in metres and a unit quaternion (x, y, z, w). Pure
 * Java so the desktop and XR input and the game logic share it without jME. Not thread-safe:
 * owned by the render thread; copy it to hand it elsewhere.
 */
public final class TrackedPose {
    public float x;
    public float y;
    public float z;
    public float qx;
    public float qy;
    public float qz;
    public float qw = 1;

    public TrackedPose set(float px, float py, float pz) {
        x = px;
        y = py;
        z = pz;
        return this;
    }

    public TrackedPose rotation(float rx, float ry, float rz, float rw) {
        qx = rx;
        qy = ry;
        qz = rz;
        qw = rw;
        return this;
    }

    /** Sets the rotation to yaw (about +Y) then pitch (about the yawed X axis), radians. */
    public TrackedPose yawPitch(float yaw, float pitch) {
        float cy = (float) Math.cos(yaw / 2);
        float sy = (float) Math.sin(yaw / 2);
        float cp = (float) Math.cos(pitch / 2);
        float sp = (float) Math.sin(pitch / 2);
        // q = qYaw * qPitch, with qYaw = (0, sy, 0, cy) and qPitch = (sp, 0, 0, cp)
        qx = cy * sp;
        qy = sy * cp;
        qz = -sy * sp;
        qw = cy * cp;
        return this;
    }

    public TrackedPose copyFrom(TrackedPose other) {
        x = other.x;
        y = other.y;
        z = other.z;
        qx = other.qx;
        qy = other.qy;
        qz = other.qz;
        qw = other.qw;
        return this;
    }

    /** Writes {x, y, z, qx, qy, qz, qw} into {@code out}, the layout the interpolator uses. */
    public void toArray(float[] out) {
        out[0] = x;
        out[1] = y;
        out[2] = z;
        out[3] = qx;
        out[4] = qy;
        out[5] = qz;
        out[6] = qw;
    }

    public float distanceTo(float px, float py, float pz) {
        float dx = px - x;
        float dy = py - y;
        float dz = pz - z;
        return (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    @Override
    public String toString() {
        return String.format("(%.3f, %.3f, %.3f | %.3f, %.3f, %.3f, %.3f)", x, y, z, qx, qy, qz, qw);
    }
}
