package ensemble.proto.snapshot;

import ensemble.proto.PoseQuantizer;
import java.util.Arrays;

/**
 * The compact snapshot format carried in {@code Snapshot.payload}: a quantised {@link Frame}
 * delta-encoded against the frame of the base tick the client acknowledged (an empty frame when
 * {@code base_tick} is 0).
 *
 * <h2>Format (bits, most significant first)</h2>
 * <pre>
 * header   : avatarUpdates, entityUpdates, avatarRemovals, entityRemovals   (each Elias-gamma of n+1)
 * avatars  : per update, ascending ids: idGap, then for head, left, right a pose, then flags
 * entities : per update, ascending ids: idGap, then a pose
 * removals : avatar id gaps, then entity id gaps
 * idGap    : Elias-gamma of (id - previousId - 1); the first previousId is -1
 * pose     : object new (not in base): x, y, z in the scene's axis bits, rotation in 38 bits
 *            object in base: posChanged bit [+ 3 signed deltas], rotChanged bit
 *                            [+ sameIndex bit + (3 signed component deltas | 38-bit rotation)]
 * flags    : new: 8 bits; in base: changed bit [+ 8 bits]
 * signed delta: 2-bit width class (4, 7, 11 bits, or the full width) + zigzag value
 * </pre>
 *
 * <p>The encoder includes every changed object when they fit in the bit budget; otherwise it
 * asks the {@link Selection} for priorities and includes the most urgent ones that fit. Objects
 * left out keep their base value in the client's frame and are sent later. Removals always go.
 * Both sides derive the same resulting frame, which the server stores as the client's state for
 * that tick.
 *
 * <p>One codec per thread: it reuses scratch buffers.
 */
public final class SnapshotCodec {
    /** Decoder bound on objects per snapshot, so a hostile payload cannot make us allocate. */
    public static final int MAX_OBJECTS = 16_384;
    /** Decoder bound on object ids. */
    public static final int MAX_ID = 1 << 20;

    private static final int[] DELTA_WIDTHS = {4, 7, 11};
    private static final int COMPONENT_BITS = PoseQuantizer.ROTATION_COMPONENT_BITS;
    private static final int HEADER_ESTIMATE_BITS = 4 * 31;

    /** Chooses what goes first when not everything fits. Called only when over budget. */
    public interface Selection {
        /** Priority of an avatar update (higher goes first); called once per snapshot per candidate. */
        float avatarPriority(int id);

        float entityPriority(int id);

        /** Told for each update that was included. */
        void included(boolean avatar, int id);
    }

    private final int[] axisBits;
    private int[] candidates = new int[64];
    private int[] candidateBits = new int[64];
    private boolean[] avatarSelected = new boolean[64];
    private boolean[] entitySelected = new boolean[64];
    /** Base slot of each current avatar / entity, -1 when the base does not hold it. */
    private int[] avatarBase = new int[64];
    private int[] entityBase = new int[64];
    private long[] order = new long[64];
    private int[] removedAvatars = new int[16];
    private int[] removedEntities = new int[16];
    private final Frame updates = new Frame();
    /** Decoder scratch: the poses of the object being read. */
    private final int[] scratchPositions = new int[3 * Frame.POSES_PER_AVATAR];
    private final long[] scratchRotations = new long[Frame.POSES_PER_AVATAR];

    public SnapshotCodec(PoseQuantizer quantizer) {
        this.axisBits = new int[] {quantizer.bitsX(), quantizer.bitsY(), quantizer.bitsZ()};
    }

    /**
     * Encodes {@code current} against {@code base} into {@code out} (which is reset first), within
     * {@code budgetBits} when possible, and writes into {@code sent} the frame the client will hold
     * after decoding. {@code base} may be an empty frame.
     */
    public void encode(Frame base, Frame current, long budgetBits, Selection selection, BitWriter out, Frame sent) {
        out.reset();
        int avatarCandidates = 0;
        int entityCandidates = 0;
        long totalBits = HEADER_ESTIMATE_BITS;
        int nAvatars = current.avatarCount();
        int nEntities = current.entityCount();
        ensureCandidates(nAvatars + nEntities);
        // Pass 1: match each object with its base slot (both frames are sorted by id, so one merge
        // walk finds them and the removals), then what changed and what each change costs (an
        // upper bound on its id gap).
        int avatarRemovals = matchAvatars(base, current);
        int entityRemovals = matchEntities(base, current);
        for (int i = 0; i < nAvatars; i++) {
            int b = avatarBase[i];
            avatarSelected[i] = false;
            if (b >= 0 && current.avatarEquals(i, base, b)) {
                continue;
            }
            int bits = unsignedVarBits(current.avatarId(i)) + avatarBits(base, b, current, i);
            candidates[avatarCandidates] = i;
            candidateBits[avatarCandidates] = bits;
            totalBits += bits;
            avatarCandidates++;
        }
        for (int i = 0; i < nEntities; i++) {
            int b = entityBase[i];
            entitySelected[i] = false;
            if (b >= 0 && current.entityEquals(i, base, b)) {
                continue;
            }
            int bits = unsignedVarBits(current.entityId(i)) + entityBits(base, b, current, i);
            int k = avatarCandidates + entityCandidates;
            candidates[k] = i;
            candidateBits[k] = bits;
            totalBits += bits;
            entityCandidates++;
        }
        long removalBits = (avatarRemovals + entityRemovals) * (2L * 21 + 1);
        totalBits += removalBits;

        int candidateCount = avatarCandidates + entityCandidates;
        if (totalBits <= budgetBits || selection == null) {
            for (int k = 0; k < candidateCount; k++) {
                select(k, avatarCandidates, current, selection);
            }
        } else {
            for (int k = 0; k < candidateCount; k++) {
                boolean avatar = k < avatarCandidates;
                float priority = avatar ? selection.avatarPriority(current.avatarId(candidates[k]))
                        : selection.entityPriority(current.entityId(candidates[k]));
                // Non-negative floats sort like their bit patterns; invert for descending order.
                order[k] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(Math.max(0f, priority))) << 32) | k;
            }
            Arrays.sort(order, 0, candidateCount);
            long used = HEADER_ESTIMATE_BITS + removalBits;
            for (int n = 0; n < candidateCount; n++) {
                int k = (int) order[n];
                if (used + candidateBits[k] <= budgetBits) {
                    used += candidateBits[k];
                    select(k, avatarCandidates, current, selection);
                }
            }
        }

        // Pass 2: write the selected updates in id order, then removals; build the sent frame.
        int selectedAvatars = 0;
        int selectedEntities = 0;
        for (int i = 0; i < nAvatars; i++) {
            if (avatarSelected[i]) {
                selectedAvatars++;
            }
        }
        for (int i = 0; i < nEntities; i++) {
            if (entitySelected[i]) {
                selectedEntities++;
            }
        }
        out.writeUnsignedVar(selectedAvatars);
        out.writeUnsignedVar(selectedEntities);
        out.writeUnsignedVar(avatarRemovals);
        out.writeUnsignedVar(entityRemovals);
        sent.clear(current.tick());
        int previous = -1;
        for (int i = 0; i < nAvatars; i++) {
            int id = current.avatarId(i);
            int b = avatarBase[i];
            if (avatarSelected[i]) {
                out.writeUnsignedVar(id - previous - 1L);
                previous = id;
                writeAvatar(out, base, b, current, i);
                sent.copyAvatarFrom(current, i);
            } else if (b >= 0) {
                sent.copyAvatarFrom(base, b);
            }
        }
        previous = -1;
        for (int i = 0; i < nEntities; i++) {
            int id = current.entityId(i);
            int b = entityBase[i];
            if (entitySelected[i]) {
                out.writeUnsignedVar(id - previous - 1L);
                previous = id;
                writeEntity(out, base, b, current, i);
                sent.copyEntityFrom(current, i);
            } else if (b >= 0) {
                sent.copyEntityFrom(base, b);
            }
        }
        writeGaps(out, removedAvatars, avatarRemovals);
        writeGaps(out, removedEntities, entityRemovals);
    }

    private void select(int k, int avatarCandidates, Frame current, Selection selection) {
        boolean avatar = k < avatarCandidates;
        if (avatar) {
            avatarSelected[candidates[k]] = true;
        } else {
            entitySelected[candidates[k]] = true;
        }
        if (selection != null) {
            selection.included(avatar, avatar ? current.avatarId(candidates[k]) : current.entityId(candidates[k]));
        }
    }

    /**
     * Decodes a payload against {@code base} into {@code out} (its tick set to {@code tick}).
     *
     * @throws SnapshotFormatException when the payload is truncated, inconsistent with the base, or
     *                                 out of bounds
     */
    public void decode(byte[] payload, int offset, int length, Frame base, int tick, Frame out) {
        BitReader in = new BitReader(payload, offset, length);
        int avatarUpdates = boundedCount(in, "avatar updates");
        int entityUpdates = boundedCount(in, "entity updates");
        int avatarRemovals = boundedCount(in, "avatar removals");
        int entityRemovals = boundedCount(in, "entity removals");
        updates.clear(tick);
        int previous = -1;
        for (int n = 0; n < avatarUpdates; n++) {
            int id = nextId(in, previous);
            previous = id;
            readAvatar(in, base, base.findAvatar(id), id);
        }
        previous = -1;
        for (int n = 0; n < entityUpdates; n++) {
            int id = nextId(in, previous);
            previous = id;
            readEntity(in, base, base.findEntity(id), id);
        }
        removedAvatars = readGaps(in, avatarRemovals, removedAvatars);
        removedEntities = readGaps(in, entityRemovals, removedEntities);
        if (in.remainingBits() >= 8) {
            throw new SnapshotFormatException("payload has " + in.remainingBits() + " bits after its end");
        }
        for (int i = 0; i < avatarRemovals; i++) {
            if (base.findAvatar(removedAvatars[i]) < 0 || updates.findAvatar(removedAvatars[i]) >= 0) {
                throw new SnapshotFormatException("removal of avatar " + removedAvatars[i] + " that the base does not hold");
            }
        }
        for (int i = 0; i < entityRemovals; i++) {
            if (base.findEntity(removedEntities[i]) < 0 || updates.findEntity(removedEntities[i]) >= 0) {
                throw new SnapshotFormatException("removal of entity " + removedEntities[i] + " that the base does not hold");
            }
        }
        merge(base, avatarRemovals, entityRemovals, tick, out);
    }

    /**
     * {@code out} = {@code base} with the decoded updates applied and the removals taken out. Both
     * are sorted by id; runs of base objects between updates are copied in one piece.
     */
    private void merge(Frame base, int avatarRemovals, int entityRemovals, int tick, Frame out) {
        out.clear(tick);
        int i = 0;
        int run = 0;
        int removal = 0;
        for (int j = 0; j < updates.avatarCount(); j++) {
            int id = updates.avatarId(j);
            while (i < base.avatarCount() && base.avatarId(i) < id) {
                if (removal < avatarRemovals && removedAvatars[removal] == base.avatarId(i)) {
                    out.appendAvatars(base, run, i);
                    run = i + 1;
                    removal++;
                }
                i++;
            }
            out.appendAvatars(base, run, i);
            out.appendAvatars(updates, j, j + 1);
            if (i < base.avatarCount() && base.avatarId(i) == id) {
                i++;
            }
            run = i;
        }
        for (; i < base.avatarCount(); i++) {
            if (removal < avatarRemovals && removedAvatars[removal] == base.avatarId(i)) {
                out.appendAvatars(base, run, i);
                run = i + 1;
                removal++;
            }
        }
        out.appendAvatars(base, run, base.avatarCount());

        i = 0;
        run = 0;
        removal = 0;
        for (int j = 0; j < updates.entityCount(); j++) {
            int id = updates.entityId(j);
            while (i < base.entityCount() && base.entityId(i) < id) {
                if (removal < entityRemovals && removedEntities[removal] == base.entityId(i)) {
                    out.appendEntities(base, run, i);
                    run = i + 1;
                    removal++;
                }
                i++;
            }
            out.appendEntities(base, run, i);
            out.appendEntities(updates, j, j + 1);
            if (i < base.entityCount() && base.entityId(i) == id) {
                i++;
            }
            run = i;
        }
        for (; i < base.entityCount(); i++) {
            if (removal < entityRemovals && removedEntities[removal] == base.entityId(i)) {
                out.appendEntities(base, run, i);
                run = i + 1;
                removal++;
            }
        }
        out.appendEntities(base, run, base.entityCount());
    }

    // --- records -------------------------------------------------------------------------------
    //
    // The *Bits methods count exactly what the write* methods write, without writing: the encoder's
    // first pass prices every changed object with them to choose what fits the budget.

    private int avatarBits(Frame base, int b, Frame current, int i) {
        int bits = 0;
        for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
            bits += b >= 0
                    ? deltaPoseBits(base.avatarPosition(b, pose, 0), base.avatarPosition(b, pose, 1),
                            base.avatarPosition(b, pose, 2), base.avatarRotation(b, pose),
                            current.avatarPosition(i, pose, 0), current.avatarPosition(i, pose, 1),
                            current.avatarPosition(i, pose, 2), current.avatarRotation(i, pose))
                    : fullPoseBits();
        }
        if (b >= 0) {
            bits += (current.avatarFlags(i) & 0xff) != (base.avatarFlags(b) & 0xff) ? 9 : 1;
        } else {
            bits += 8;
        }
        return bits;
    }

    private int entityBits(Frame base, int b, Frame current, int i) {
        return b >= 0
                ? deltaPoseBits(base.entityPosition(b, 0), base.entityPosition(b, 1), base.entityPosition(b, 2),
                        base.entityRotation(b), current.entityPosition(i, 0), current.entityPosition(i, 1),
                        current.entityPosition(i, 2), current.entityRotation(i))
                : fullPoseBits();
    }

    private int fullPoseBits() {
        return axisBits[0] + axisBits[1] + axisBits[2] + PoseQuantizer.ROTATION_BITS;
    }

    private int deltaPoseBits(int bx, int by, int bz, long brot, int x, int y, int z, long rot) {
        int bits = 2;
        if (x != bx || y != by || z != bz) {
            bits += signedBits(x - bx, axisBits[0] + 1) + signedBits(y - by, axisBits[1] + 1)
                    + signedBits(z - bz, axisBits[2] + 1);
        }
        if (rot != brot) {
            bits += 1;
            if ((rot >>> (3 * COMPONENT_BITS)) == (brot >>> (3 * COMPONENT_BITS))) {
                for (int c = 0; c < 3; c++) {
                    bits += signedBits(component(rot, c) - component(brot, c), COMPONENT_BITS + 1);
                }
            } else {
                bits += PoseQuantizer.ROTATION_BITS;
            }
        }
        return bits;
    }

    private static int signedBits(long delta, int fullBits) {
        long zigzag = (delta << 1) ^ (delta >> 63);
        for (int width : DELTA_WIDTHS) {
            if (zigzag >>> width == 0) {
                return 2 + width;
            }
        }
        return 2 + fullBits + 1;
    }

    private static int unsignedVarBits(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value + 1);
        return 2 * bits - 1;
    }

    private void writeAvatar(BitWriter out, Frame base, int b, Frame current, int i) {
        for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
            writePose(out, b >= 0,
                    b >= 0 ? base.avatarPosition(b, pose, 0) : 0, b >= 0 ? base.avatarPosition(b, pose, 1) : 0,
                    b >= 0 ? base.avatarPosition(b, pose, 2) : 0, b >= 0 ? base.avatarRotation(b, pose) : 0,
                    current.avatarPosition(i, pose, 0), current.avatarPosition(i, pose, 1),
                    current.avatarPosition(i, pose, 2), current.avatarRotation(i, pose));
        }
        int flags = current.avatarFlags(i) & 0xff;
        if (b >= 0) {
            boolean changed = flags != (base.avatarFlags(b) & 0xff);
            out.writeBit(changed);
            if (changed) {
                out.write(flags, 8);
            }
        } else {
            out.write(flags, 8);
        }
    }

    private void readAvatar(BitReader in, Frame base, int b, int id) {
        int[] pos = scratchPositions;
        long[] rot = scratchRotations;
        for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
            readPose(in, b >= 0,
                    b >= 0 ? base.avatarPosition(b, pose, 0) : 0, b >= 0 ? base.avatarPosition(b, pose, 1) : 0,
                    b >= 0 ? base.avatarPosition(b, pose, 2) : 0, b >= 0 ? base.avatarRotation(b, pose) : 0,
                    pos, pose * 3, rot, pose);
        }
        int flags;
        if (b >= 0) {
            flags = in.readBit() ? (int) in.read(8) : base.avatarFlags(b);
        } else {
            flags = (int) in.read(8);
        }
        int slot = updates.addAvatar(id, flags);
        for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
            updates.setAvatarPose(slot, pose, pos[pose * 3], pos[pose * 3 + 1], pos[pose * 3 + 2], rot[pose]);
        }
    }

    private void writeEntity(BitWriter out, Frame base, int b, Frame current, int i) {
        writePose(out, b >= 0,
                b >= 0 ? base.entityPosition(b, 0) : 0, b >= 0 ? base.entityPosition(b, 1) : 0,
                b >= 0 ? base.entityPosition(b, 2) : 0, b >= 0 ? base.entityRotation(b) : 0,
                current.entityPosition(i, 0), current.entityPosition(i, 1), current.entityPosition(i, 2),
                current.entityRotation(i));
    }

    private void readEntity(BitReader in, Frame base, int b, int id) {
        int[] pos = scratchPositions;
        long[] rot = scratchRotations;
        readPose(in, b >= 0,
                b >= 0 ? base.entityPosition(b, 0) : 0, b >= 0 ? base.entityPosition(b, 1) : 0,
                b >= 0 ? base.entityPosition(b, 2) : 0, b >= 0 ? base.entityRotation(b) : 0,
                pos, 0, rot, 0);
        updates.addEntity(id, pos[0], pos[1], pos[2], rot[0]);
    }

    private void writePose(BitWriter out, boolean hasBase, int bx, int by, int bz, long brot,
            int x, int y, int z, long rot) {
        if (!hasBase) {
            out.write(x, axisBits[0]);
            out.write(y, axisBits[1]);
            out.write(z, axisBits[2]);
            out.write(rot, PoseQuantizer.ROTATION_BITS);
            return;
        }
        boolean posChanged = x != bx || y != by || z != bz;
        out.writeBit(posChanged);
        if (posChanged) {
            writeSigned(out, x - bx, axisBits[0] + 1);
            writeSigned(out, y - by, axisBits[1] + 1);
            writeSigned(out, z - bz, axisBits[2] + 1);
        }
        boolean rotChanged = rot != brot;
        out.writeBit(rotChanged);
        if (rotChanged) {
            boolean sameIndex = (rot >>> (3 * COMPONENT_BITS)) == (brot >>> (3 * COMPONENT_BITS));
            out.writeBit(sameIndex);
            if (sameIndex) {
                for (int c = 2; c >= 0; c--) {
                    writeSigned(out, component(rot, c) - component(brot, c), COMPONENT_BITS + 1);
                }
            } else {
                out.write(rot, PoseQuantizer.ROTATION_BITS);
            }
        }
    }

    private void readPose(BitReader in, boolean hasBase, int bx, int by, int bz, long brot,
            int[] pos, int posOffset, long[] rot, int rotOffset) {
        if (!hasBase) {
            pos[posOffset] = (int) in.read(axisBits[0]);
            pos[posOffset + 1] = (int) in.read(axisBits[1]);
            pos[posOffset + 2] = (int) in.read(axisBits[2]);
            rot[rotOffset] = in.read(PoseQuantizer.ROTATION_BITS);
            return;
        }
        if (in.readBit()) {
            pos[posOffset] = checkedAxis(bx + readSigned(in, axisBits[0] + 1), 0);
            pos[posOffset + 1] = checkedAxis(by + readSigned(in, axisBits[1] + 1), 1);
            pos[posOffset + 2] = checkedAxis(bz + readSigned(in, axisBits[2] + 1), 2);
        } else {
            pos[posOffset] = bx;
            pos[posOffset + 1] = by;
            pos[posOffset + 2] = bz;
        }
        if (!in.readBit()) {
            rot[rotOffset] = brot;
        } else if (in.readBit()) {
            long packed = brot & (3L << (3 * COMPONENT_BITS));
            for (int c = 2; c >= 0; c--) {
                long value = component(brot, c) + readSigned(in, COMPONENT_BITS + 1);
                if (value < 0 || value >= (1L << COMPONENT_BITS)) {
                    throw new SnapshotFormatException("rotation component out of range: " + value);
                }
                packed |= value << (c * COMPONENT_BITS);
            }
            rot[rotOffset] = packed;
        } else {
            rot[rotOffset] = in.read(PoseQuantizer.ROTATION_BITS);
        }
    }

    private int checkedAxis(long value, int axis) {
        if (value < 0 || value >= (1L << axisBits[axis])) {
            throw new SnapshotFormatException("position outside the scene bounds on axis " + axis + ": " + value);
        }
        return (int) value;
    }

    private static long component(long rotation, int index) {
        return (rotation >>> (index * COMPONENT_BITS)) & ((1L << COMPONENT_BITS) - 1);
    }

    private static void writeSigned(BitWriter out, long delta, int fullBits) {
        long zigzag = (delta << 1) ^ (delta >> 63);
        for (int c = 0; c < DELTA_WIDTHS.length; c++) {
            if (zigzag >>> DELTA_WIDTHS[c] == 0) {
                out.write(c, 2);
                out.write(zigzag, DELTA_WIDTHS[c]);
                return;
            }
        }
        out.write(3, 2);
        out.write(zigzag, fullBits + 1);
    }

    private static long readSigned(BitReader in, int fullBits) {
        int c = (int) in.read(2);
        long zigzag = in.read(c < DELTA_WIDTHS.length ? DELTA_WIDTHS[c] : fullBits + 1);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    // --- ids and counts ------------------------------------------------------------------------

    private static int boundedCount(BitReader in, String what) {
        long n = in.readUnsignedVar();
        if (n > MAX_OBJECTS) {
            throw new SnapshotFormatException(what + " count " + n + " exceeds " + MAX_OBJECTS);
        }
        return (int) n;
    }

    private static int nextId(BitReader in, int previous) {
        // The gap is checked before it is added: a gap near 2^63 would overflow the sum to a small
        // or negative id, out of order (found by SnapshotCodecFuzzTest).
        long gap = in.readUnsignedVar();
        if (gap >= MAX_ID - (previous + 1L)) {
            throw new SnapshotFormatException("object id gap " + gap + " after " + previous + " passes " + MAX_ID);
        }
        return (int) (previous + 1L + gap);
    }

    private static void writeGaps(BitWriter out, int[] ids, int count) {
        int previous = -1;
        for (int i = 0; i < count; i++) {
            out.writeUnsignedVar(ids[i] - previous - 1L);
            previous = ids[i];
        }
    }

    private static int[] readGaps(BitReader in, int count, int[] into) {
        int[] ids = into.length >= count ? into : new int[count];
        int previous = -1;
        for (int i = 0; i < count; i++) {
            ids[i] = nextId(in, previous);
            previous = ids[i];
        }
        return ids;
    }

    /**
     * Sets {@code avatarBase[i]} to the base slot of current avatar {@code i} (or -1) and collects
     * the ids of base avatars that {@code current} no longer holds; returns how many.
     */
    private int matchAvatars(Frame base, Frame current) {
        int n = 0;
        int b = 0;
        int baseCount = base.avatarCount();
        for (int i = 0; i < current.avatarCount(); i++) {
            int id = current.avatarId(i);
            while (b < baseCount && base.avatarId(b) < id) {
                removedAvatars = append(removedAvatars, n++, base.avatarId(b++));
            }
            avatarBase[i] = b < baseCount && base.avatarId(b) == id ? b++ : -1;
        }
        while (b < baseCount) {
            removedAvatars = append(removedAvatars, n++, base.avatarId(b++));
        }
        return n;
    }

    /** {@link #matchAvatars} for entities: fills {@code entityBase} and {@code removedEntities}. */
    private int matchEntities(Frame base, Frame current) {
        int n = 0;
        int b = 0;
        int baseCount = base.entityCount();
        for (int i = 0; i < current.entityCount(); i++) {
            int id = current.entityId(i);
            while (b < baseCount && base.entityId(b) < id) {
                removedEntities = append(removedEntities, n++, base.entityId(b++));
            }
            entityBase[i] = b < baseCount && base.entityId(b) == id ? b++ : -1;
        }
        while (b < baseCount) {
            removedEntities = append(removedEntities, n++, base.entityId(b++));
        }
        return n;
    }

    private static int[] append(int[] ids, int at, int id) {
        int[] into = at < ids.length ? ids : Arrays.copyOf(ids, ids.length * 2);
        into[at] = id;
        return into;
    }

    private void ensureCandidates(int n) {
        if (candidates.length < n) {
            int size = Math.max(n, candidates.length * 2);
            candidates = new int[size];
            candidateBits = new int[size];
            order = new long[size];
        }
        if (avatarSelected.length < n) {
            int size = Math.max(n, avatarSelected.length * 2);
            avatarSelected = new boolean[size];
            entitySelected = new boolean[size];
            avatarBase = new int[size];
            entityBase = new int[size];
        }
    }
}
