package ensemble.proto.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.PoseQuantizer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {
    private final PoseQuantizer quantizer = new PoseQuantizer(-10, 0, -10, 10, 4, 10);
    private final SnapshotCodec server = new SnapshotCodec(quantizer);
    private final SnapshotCodec client = new SnapshotCodec(quantizer);
    private final BitWriter out = new BitWriter(256);

    /** A little world: avatar and entity positions we move around between ticks. */
    private static final class World {
        final SplittableRandom random;
        final int[][] avatars; // id, 9 pos, 3 rot (as indexes into rotations), flags
        final int[] avatarIds;
        final int[][] avatarPos;
        final long[][] avatarRot;
        final int[] avatarFlags;
        final int[] entityIds;
        final int[][] entityPos;
        final long[] entityRot;

        World(long seed, int avatarCount, int entityCount) {
            random = new SplittableRandom(seed);
            avatars = null;
            avatarIds = new int[avatarCount];
            avatarPos = new int[avatarCount][9];
            avatarRot = new long[avatarCount][3];
            avatarFlags = new int[avatarCount];
            for (int i = 0; i < avatarCount; i++) {
                avatarIds[i] = i * 3 + 1;
                for (int k = 0; k < 9; k++) {
                    avatarPos[i][k] = random.nextInt(0, 4000);
                }
                for (int k = 0; k < 3; k++) {
                    avatarRot[i][k] = randomRotation();
                }
            }
            entityIds = new int[entityCount];
            entityPos = new int[entityCount][3];
            entityRot = new long[entityCount];
            for (int i = 0; i < entityCount; i++) {
                entityIds[i] = i * 2;
                for (int k = 0; k < 3; k++) {
                    entityPos[i][k] = random.nextInt(0, 4000);
                }
                entityRot[i] = randomRotation();
            }
        }

        long randomRotation() {
            return PoseQuantizer.packRotation((float) random.nextDouble(-1, 1), (float) random.nextDouble(-1, 1),
                    (float) random.nextDouble(-1, 1), (float) random.nextDouble(-1, 1));
        }

        void step(double movingShare) {
            for (int i = 0; i < avatarIds.length; i++) {
                if (random.nextDouble() < movingShare) {
                    for (int k = 0; k < 9; k++) {
                        avatarPos[i][k] = Math.max(0, Math.min(3999, avatarPos[i][k] + random.nextInt(-40, 41)));
                    }
                    avatarRot[i][random.nextInt(3)] = randomRotation();
                    if (random.nextInt(10) == 0) {
                        avatarFlags[i] = random.nextInt(256);
                    }
                }
            }
            for (int i = 0; i < entityIds.length; i++) {
                if (random.nextDouble() < movingShare) {
                    entityPos[i][random.nextInt(3)] = random.nextInt(0, 4000);
                }
            }
        }

        void fill(Frame frame, int tick) {
            frame.clear(tick);
            for (int i = 0; i < avatarIds.length; i++) {
                int slot = frame.addAvatar(avatarIds[i], avatarFlags[i]);
                for (int p = 0; p < 3; p++) {
                    frame.setAvatarPose(slot, p, avatarPos[i][p * 3], avatarPos[i][p * 3 + 1], avatarPos[i][p * 3 + 2],
                            avatarRot[i][p]);
                }
            }
            for (int i = 0; i < entityIds.length; i++) {
                frame.addEntity(entityIds[i], entityPos[i][0], entityPos[i][1], entityPos[i][2], entityRot[i]);
            }
        }
    }

    private Frame decode(Frame base, int tick) {
        Frame decoded = new Frame();
        client.decode(out.array(), 0, out.byteLength(), base, tick, decoded);
        return decoded;
    }

    @Test
    void fullSnapshotRoundTrips() {
        World world = new World(1, 8, 50);
        Frame current = new Frame();
        world.fill(current, 1);
        Frame sent = new Frame();
        server.encode(new Frame(), current, Long.MAX_VALUE, null, out, sent);
        assertTrue(sent.sameContent(current));
        assertTrue(decode(new Frame(), 1).sameContent(current));
    }

    @Test
    void deltasRoundTripOverManyTicksAgainstLaggingBases() {
        World world = new World(2, 8, 200);
        Map<Integer, Frame> serverHistory = new HashMap<>();
        Map<Integer, Frame> clientHistory = new HashMap<>();
        serverHistory.put(0, new Frame());
        clientHistory.put(0, new Frame());
        int acked = 0;
        for (int tick = 1; tick <= 300; tick++) {
            world.step(0.2);
            Frame current = new Frame();
            world.fill(current, tick);
            Frame sent = new Frame();
            server.encode(serverHistory.get(acked), current, Long.MAX_VALUE, null, out, sent);
            serverHistory.put(tick, sent);
            Frame decoded = decode(clientHistory.get(acked), tick);
            assertTrue(decoded.sameContent(sent), "client and server agree at tick " + tick);
            assertTrue(decoded.sameContent(current), "unbudgeted snapshot carries everything");
            clientHistory.put(tick, decoded);
            if (tick % 3 == 0) {
                acked = tick - 1; // the client acknowledges with some lag
            }
        }
    }

    @Test
    void unchangedWorldCostsOneByte() {
        World world = new World(3, 8, 100);
        Frame current = new Frame();
        world.fill(current, 1);
        Frame sent = new Frame();
        server.encode(current, current, Long.MAX_VALUE, null, out, sent);
        assertEquals(1, out.byteLength());
    }

    @Test
    void smallMovementsAreCheap() {
        World world = new World(4, 0, 1);
        Frame base = new Frame();
        world.fill(base, 1);
        world.entityPos[0][0] += 5;
        world.entityPos[0][2] -= 3;
        Frame current = new Frame();
        world.fill(current, 2);
        server.encode(base, current, Long.MAX_VALUE, null, out, new Frame());
        // header (1 + 3 + 1 + 1) + id gap (1) + posChanged (1) + 3 axes of 2+4 bits + rotChanged (1) = 27 bits
        assertTrue(out.bitPosition() <= 27, "bits " + out.bitPosition());
    }

    @Test
    void additionsAndRemovalsRoundTrip() {
        Frame base = new Frame();
        base.addEntity(1, 10, 10, 10, 0);
        base.addEntity(5, 20, 20, 20, 0);
        int slot = base.addAvatar(2, 0);
        base.setAvatarPose(slot, 0, 1, 2, 3, 0);
        Frame current = new Frame();
        current.addEntity(5, 21, 20, 20, 0);
        current.addEntity(9, 30, 30, 30, 7);
        int s2 = current.addAvatar(4, 3);
        current.setAvatarPose(s2, 2, 9, 9, 9, 5);
        Frame sent = new Frame();
        server.encode(base, current, Long.MAX_VALUE, null, out, sent);
        Frame decoded = decode(base, 2);
        assertTrue(decoded.sameContent(current));
        assertTrue(sent.sameContent(current));
        assertEquals(-1, decoded.findEntity(1) < 0 ? -1 : 0);
    }

    /** Objects come and go at random between frames; every delta decodes to exactly the current frame. */
    @Test
    void randomChurnOfObjectsRoundTrips() {
        SplittableRandom random = new SplittableRandom(11);
        Frame base = new Frame();
        for (int tick = 1; tick <= 400; tick++) {
            Frame current = new Frame();
            current.clear(tick);
            for (int id = 0; id < 60; id++) {
                if (random.nextInt(4) > 0) {
                    int slot = current.addAvatar(id, random.nextInt(256));
                    for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                        current.setAvatarPose(slot, pose, random.nextInt(4000), random.nextInt(4000), random.nextInt(4000),
                                random.nextInt(8) == 0 ? 0 : PoseQuantizer.packRotation(0, 0, 0, 1));
                    }
                }
            }
            for (int id = 0; id < 300; id += 1 + random.nextInt(3)) {
                if (random.nextInt(3) > 0) {
                    current.addEntity(id, random.nextInt(4000), random.nextInt(4000), random.nextInt(4000),
                            random.nextInt(5) == 0 ? 0 : PoseQuantizer.packRotation(0, 1, 0, 0));
                }
            }
            Frame sent = new Frame();
            server.encode(base, current, Long.MAX_VALUE, null, out, sent);
            Frame decoded = decode(base, tick);
            assertTrue(decoded.sameContent(current), "tick " + tick);
            assertTrue(sent.sameContent(current), "tick " + tick);
            base = random.nextInt(5) == 0 ? new Frame() : decoded;
        }
    }

    @Test
    void budgetLimitsSizeAndPriorityConvergesEventually() {
        World world = new World(5, 32, 200);
        Frame current = new Frame();
        world.fill(current, 1);
        Map<Integer, Float> accumulators = new HashMap<>();
        SnapshotCodec.Selection selection = new SnapshotCodec.Selection() {
            @Override
            public float avatarPriority(int id) {
                return accumulators.merge(-id - 1, 2f, Float::sum);
            }

            @Override
            public float entityPriority(int id) {
                return accumulators.merge(id, 1f, Float::sum);
            }

            @Override
            public void included(boolean avatar, int id) {
                accumulators.remove(avatar ? -id - 1 : id);
            }
        };
        Frame base = new Frame();
        int budgetBits = 1200 * 8;
        int ticks = 0;
        while (!base.sameContent(current)) {
            Frame sent = new Frame();
            server.encode(base, current, budgetBits, selection, out, sent);
            assertTrue(out.bitPosition() <= budgetBits, "within budget: " + out.bitPosition());
            Frame decoded = decode(base, ++ticks);
            assertTrue(decoded.sameContent(sent));
            base = decoded;
            assertTrue(ticks < 20, "a full world arrives within a few budgeted snapshots");
        }
        assertTrue(ticks > 1, "the world did not fit in one budgeted snapshot");
    }

    @Test
    void truncatedPayloadIsRejected() {
        World world = new World(6, 4, 20);
        Frame current = new Frame();
        world.fill(current, 1);
        server.encode(new Frame(), current, Long.MAX_VALUE, null, out, new Frame());
        byte[] bytes = java.util.Arrays.copyOf(out.array(), out.byteLength() / 2);
        assertThrows(SnapshotFormatException.class, () -> client.decode(bytes, 0, bytes.length, new Frame(), 1, new Frame()));
    }

    @Test
    void removalOfUnknownObjectIsRejected() {
        BitWriter w = new BitWriter(8);
        w.writeUnsignedVar(0);
        w.writeUnsignedVar(0);
        w.writeUnsignedVar(0);
        w.writeUnsignedVar(1);
        w.writeUnsignedVar(41);
        assertThrows(SnapshotFormatException.class, () -> client.decode(w.array(), 0, w.byteLength(), new Frame(), 1, new Frame()));
    }

    @Test
    void anIdGapThatOverflowsIsAFormatErrorNotAnOutOfOrderId() {
        // Two avatar updates: id 1, then a gap of 2^63 - 2 that wraps the sum to 0 (a fuzzer find).
        BitWriter w = new BitWriter(64);
        w.writeUnsignedVar(2);
        w.writeUnsignedVar(0);
        w.writeUnsignedVar(0);
        w.writeUnsignedVar(0);
        w.writeUnsignedVar(1);
        for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
            w.write(0, 15);
            w.write(0, 12);
            w.write(0, 15);
            w.write(0, PoseQuantizer.ROTATION_BITS);
        }
        w.write(0, 8);
        w.writeUnsignedVar(Long.MAX_VALUE - 1);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> client.decode(w.array(), 0, w.byteLength(), new Frame(), 1, new Frame()));
        assertTrue(e.getMessage().contains("gap"), e.getMessage());
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButFormatErrors() {
        SplittableRandom random = new SplittableRandom(9);
        Frame base = new Frame();
        new World(7, 4, 30).fill(base, 1);
        int decodedOk = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(0, 64)];
            random.nextBytes(bytes);
            try {
                client.decode(bytes, 0, bytes.length, base, 2, new Frame());
                decodedOk++;
            } catch (SnapshotFormatException expected) {
                // fine: rejected with a typed error
            }
        }
        assertFalse(decodedOk == 20_000, "garbage is mostly rejected");
    }
}
