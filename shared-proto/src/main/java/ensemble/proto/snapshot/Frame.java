package ensemble.proto.snapshot;

import java.util.Arrays;

/**
 * The quantised world as one client sees it at one tick: avatars (three poses and a flag byte
 * each) and entities (one pose each), both sorted by id. Positions are millimetres from the scene
 * bounds' minimum corner; rotations are packed smallest-three (see {@code PoseQuantizer}).
 *
 * <p>Frames are reused: {@link #clear(int)} and then add objects in ascending id order. Not
 * thread-safe; a frame belongs to one thread at a time.
 */
public final class Frame {
    /** Head, left hand, right hand. */
    public static final int POSES_PER_AVATAR = 3;
    public static final int HEAD = 0;
    public static final int LEFT_HAND = 1;
    public static final int RIGHT_HAND = 2;

    private int tick;
    private int avatarCount;
    private int[] avatarIds = new int[8];
    private int[] avatarPos = new int[8 * 9];
    private long[] avatarRot = new long[8 * 3];
    private int[] avatarFlags = new int[8];
    private int entityCount;
    private int[] entityIds = new int[16];
    private int[] entityPos = new int[16 * 3];
    private long[] entityRot = new long[16];

    public void clear(int newTick) {
        tick = newTick;
        avatarCount = 0;
        entityCount = 0;
    }

    public int tick() {
        return tick;
    }

    public int avatarCount() {
        return avatarCount;
    }

    public int entityCount() {
        return entityCount;
    }

    /** Appends an avatar; ids must be added in ascending order. Returns its slot. */
    public int addAvatar(int id, int flags) {
        if (avatarCount > 0 && avatarIds[avatarCount - 1] >= id) {
            throw new IllegalArgumentException("avatar ids must ascend: " + id + " after " + avatarIds[avatarCount - 1]);
        }
        ensureAvatars(avatarCount + 1);
        avatarIds[avatarCount] = id;
        avatarFlags[avatarCount] = flags;
        return avatarCount++;
    }

    public void setAvatarPose(int slot, int pose, int x, int y, int z, long rotation) {
        int p = slot * 9 + pose * 3;
        avatarPos[p] = x;
        avatarPos[p + 1] = y;
        avatarPos[p + 2] = z;
        avatarRot[slot * 3 + pose] = rotation;
    }

    /** Appends an entity; ids must be added in ascending order. Returns its slot. */
    public int addEntity(int id, int x, int y, int z, long rotation) {
        if (entityCount > 0 && entityIds[entityCount - 1] >= id) {
            throw new IllegalArgumentException("entity ids must ascend: " + id + " after " + entityIds[entityCount - 1]);
        }
        ensureEntities(entityCount + 1);
        entityIds[entityCount] = id;
        entityPos[entityCount * 3] = x;
        entityPos[entityCount * 3 + 1] = y;
        entityPos[entityCount * 3 + 2] = z;
        entityRot[entityCount] = rotation;
        return entityCount++;
    }

    public int avatarId(int slot) {
        return avatarIds[slot];
    }

    public int avatarFlags(int slot) {
        return avatarFlags[slot];
    }

    /** Coordinate {@code axis} (0 = x, 1 = y, 2 = z) of one avatar pose, in mm. */
    public int avatarPosition(int slot, int pose, int axis) {
        return avatarPos[slot * 9 + pose * 3 + axis];
    }

    public long avatarRotation(int slot, int pose) {
        return avatarRot[slot * 3 + pose];
    }

    public int entityId(int slot) {
        return entityIds[slot];
    }

    public int entityPosition(int slot, int axis) {
        return entityPos[slot * 3 + axis];
    }

    public long entityRotation(int slot) {
        return entityRot[slot];
    }

    /** Slot of the avatar with this id, or a negative number. */
    public int findAvatar(int id) {
        return Arrays.binarySearch(avatarIds, 0, avatarCount, id);
    }

    /** Slot of the entity with this id, or a negative number. */
    public int findEntity(int id) {
        return Arrays.binarySearch(entityIds, 0, entityCount, id);
    }

    /** Makes this frame an exact copy of {@code other}. */
    public void copyFrom(Frame other) {
        clear(other.tick);
        appendAvatars(other, 0, other.avatarCount);
        appendEntities(other, 0, other.entityCount);
    }

    /**
     * Appends avatars {@code from} (inclusive) to {@code to} (exclusive) of another frame in one
     * copy; their ids must ascend after this frame's last avatar.
     */
    public void appendAvatars(Frame other, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        if (avatarCount > 0 && avatarIds[avatarCount - 1] >= other.avatarIds[from]) {
            throw new IllegalArgumentException("avatar ids must ascend: " + other.avatarIds[from] + " after "
                    + avatarIds[avatarCount - 1]);
        }
        ensureAvatars(avatarCount + n);
        System.arraycopy(other.avatarIds, from, avatarIds, avatarCount, n);
        System.arraycopy(other.avatarFlags, from, avatarFlags, avatarCount, n);
        System.arraycopy(other.avatarPos, from * 9, avatarPos, avatarCount * 9, n * 9);
        System.arraycopy(other.avatarRot, from * 3, avatarRot, avatarCount * 3, n * 3);
        avatarCount += n;
    }

    /** {@link #appendAvatars} for entities. */
    public void appendEntities(Frame other, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        if (entityCount > 0 && entityIds[entityCount - 1] >= other.entityIds[from]) {
            throw new IllegalArgumentException("entity ids must ascend: " + other.entityIds[from] + " after "
                    + entityIds[entityCount - 1]);
        }
        ensureEntities(entityCount + n);
        System.arraycopy(other.entityIds, from, entityIds, entityCount, n);
        System.arraycopy(other.entityPos, from * 3, entityPos, entityCount * 3, n * 3);
        System.arraycopy(other.entityRot, from, entityRot, entityCount, n);
        entityCount += n;
    }

    private void ensureAvatars(int n) {
        if (n > avatarIds.length) {
            int size = Math.max(n, avatarIds.length * 2);
            avatarIds = Arrays.copyOf(avatarIds, size);
            avatarPos = Arrays.copyOf(avatarPos, size * 9);
            avatarRot = Arrays.copyOf(avatarRot, size * 3);
            avatarFlags = Arrays.copyOf(avatarFlags, size);
        }
    }

    private void ensureEntities(int n) {
        if (n > entityIds.length) {
            int size = Math.max(n, entityIds.length * 2);
            entityIds = Arrays.copyOf(entityIds, size);
            entityPos = Arrays.copyOf(entityPos, size * 3);
            entityRot = Arrays.copyOf(entityRot, size);
        }
    }

    /** Appends a copy of another frame's avatar (ids must still ascend). */
    public void copyAvatarFrom(Frame other, int otherSlot) {
        int slot = addAvatar(other.avatarIds[otherSlot], other.avatarFlags[otherSlot]);
        System.arraycopy(other.avatarPos, otherSlot * 9, avatarPos, slot * 9, 9);
        System.arraycopy(other.avatarRot, otherSlot * 3, avatarRot, slot * 3, 3);
    }

    /** Appends a copy of another frame's entity (ids must still ascend). */
    public void copyEntityFrom(Frame other, int otherSlot) {
        addEntity(other.entityIds[otherSlot], other.entityPos[otherSlot * 3], other.entityPos[otherSlot * 3 + 1],
                other.entityPos[otherSlot * 3 + 2], other.entityRot[otherSlot]);
    }

    boolean avatarEquals(int slot, Frame other, int otherSlot) {
        if (avatarFlags[slot] != other.avatarFlags[otherSlot]) {
            return false;
        }
        for (int i = 0; i < 9; i++) {
            if (avatarPos[slot * 9 + i] != other.avatarPos[otherSlot * 9 + i]) {
                return false;
            }
        }
        for (int i = 0; i < 3; i++) {
            if (avatarRot[slot * 3 + i] != other.avatarRot[otherSlot * 3 + i]) {
                return false;
            }
        }
        return true;
    }

    boolean entityEquals(int slot, Frame other, int otherSlot) {
        return entityPos[slot * 3] == other.entityPos[otherSlot * 3]
                && entityPos[slot * 3 + 1] == other.entityPos[otherSlot * 3 + 1]
                && entityPos[slot * 3 + 2] == other.entityPos[otherSlot * 3 + 2]
                && entityRot[slot] == other.entityRot[otherSlot];
    }

    /** True when both frames hold the same objects with the same values (the tick is not compared). */
    public boolean sameContent(Frame other) {
        if (avatarCount != other.avatarCount || entityCount != other.entityCount) {
            return false;
        }
        for (int i = 0; i < avatarCount; i++) {
            if (avatarIds[i] != other.avatarIds[i] || !avatarEquals(i, other, i)) {
                return false;
            }
        }
        for (int i = 0; i < entityCount; i++) {
            if (entityIds[i] != other.entityIds[i] || !entityEquals(i, other, i)) {
                return false;
            }
        }
        return true;
    }
}
