package ensemble.client.net;

import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import ensemble.proto.snapshot.SnapshotCodec;
import ensemble.proto.snapshot.SnapshotFormatException;
import ensemble.v1.Snapshot;

/**
 * Decodes snapshots against the frames this client already holds and tracks what to acknowledge.
 * Keeps a ring of decoded frames by tick; a snapshot whose base is no longer held is dropped (the
 * server keeps encoding against our last acknowledgement, which we still hold). Not thread-safe:
 * used on the connection's event loop.
 */
public final class SnapshotReceiver {
    /** Frames kept; more than the server remembers per client, so our ack base is always here. */
    public static final int HISTORY = 64;

    private final SnapshotCodec codec;
    private final Frame[] ring = new Frame[HISTORY];
    private final Frame empty = new Frame();
    private int newestTick;
    private long decoded;
    private long rejected;

    public SnapshotReceiver(PoseQuantizer quantizer) {
        this.codec = new SnapshotCodec(quantizer);
        for (int i = 0; i < HISTORY; i++) {
            ring[i] = new Frame();
            ring[i].clear(-1);
        }
        empty.clear(0);
    }

    /**
     * Decodes one snapshot. Returns the decoded frame (owned by this receiver: copy what you keep),
     * or null when it cannot be decoded or is older than what we have.
     */
    public Frame accept(Snapshot snapshot) {
        int tick = snapshot.getTick();
        if (tick <= newestTick && newestTick - tick < HISTORY) {
            return null; // duplicate or reordered late arrival: nothing newer in it
        }
        Frame base;
        if (snapshot.getBaseTick() == 0) {
            base = empty;
        } else {
            base = ring[Math.floorMod(snapshot.getBaseTick(), HISTORY)];
            if (base.tick() != snapshot.getBaseTick()) {
                rejected++;
                return null;
            }
        }
        Frame target = ring[Math.floorMod(tick, HISTORY)];
        if (target == base) {
            rejected++;
            return null;
        }
        byte[] payload = snapshot.getPayload().toByteArray();
        try {
            codec.decode(payload, 0, payload.length, base, tick, target);
        } catch (SnapshotFormatException e) {
            target.clear(-1);
            rejected++;
            return null;
        }
        newestTick = tick;
        decoded++;
        return target;
    }

    /** The newest tick decoded: what the next Input acknowledges. */
    public int ackTick() {
        return newestTick;
    }

    /** Forgets everything (after a resume the server starts again from a full snapshot). */
    public void reset() {
        for (Frame frame : ring) {
            frame.clear(-1);
        }
        newestTick = 0;
    }

    public long decodedCount() {
        return decoded;
    }

    public long rejectedCount() {
        return rejected;
    }
}
