package ensemble.server.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.datagram.DatagramKind;
import ensemble.proto.datagram.DatagramLink;
import ensemble.proto.datagram.DatagramSealer;
import ensemble.proto.datagram.SealedDatagram;
import ensemble.proto.snapshot.BitWriter;
import ensemble.proto.snapshot.Frame;
import ensemble.proto.snapshot.SnapshotCodec;
import ensemble.server.world.Entity;
import ensemble.v1.ServerDatagram;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

/**
 * Builds and sends one snapshot per client: the world is quantised once, then for each client
 * the objects within its interest radius (not its own avatar) are delta-encoded against the
 * frame that client last acknowledged, within the snapshot budget, and sent over UDP when the
 * client has a UDP path, else over its TCP connection. Tick thread only.
 */
final class SnapshotSender {
    private final Session session;
    private final SnapshotCodec codec;
    private final BitWriter writer = new BitWriter(2048);
    private final Frame world = new Frame();
    private final Frame view = new Frame();
    private final Frame empty = new Frame();
    private final Budget budget = new Budget();
    /** A snapshot for a UDP client, stamped, serialised and sealed when it is written. */
    private record Outgoing(Snapshot snapshot, DatagramLink link, java.net.InetSocketAddress to) {
    }

    /** Seals this session's snapshots; used only on the UDP channel's event loop. */
    private final DatagramSealer sealer = new DatagramSealer();
    /** The plaintext of the datagram being sealed; UDP channel's event loop only. */
    private final byte[] plaintext = new byte[SealedDatagram.MAX_PAYLOAD_BYTES];

    /** This tick's UDP snapshots, handed to the UDP channel's event loop in one task at the flush. */
    private java.util.List<Outgoing> datagrams = new java.util.ArrayList<>();

    SnapshotSender(Session session) {
        this.session = session;
        this.codec = new SnapshotCodec(session.quantizer);
        empty.clear(0);
    }

    /**
     * Sends this tick's UDP snapshots: one task on the UDP channel's event loop (instead of a
     * cross-thread hand-off per client) stamps each with its send time ({@code server_time_us}:
     * the latency clients measure starts when the datagram goes to the kernel), serialises and
     * seals it and writes and flushes it before stamping the next, so no datagram waits, stamped,
     * behind the others' system calls.
     */
    void flushDatagrams(Channel udp) {
        if (datagrams.isEmpty() || udp == null) {
            return;
        }
        java.util.List<Outgoing> batch = datagrams;
        datagrams = new java.util.ArrayList<>(batch.size());
        SessionMetrics metrics = session.context.sessionMetrics;
        java.time.Clock clock = session.context.clock();
        udp.eventLoop().execute(() -> {
            for (Outgoing out : batch) {
                long micros = epochMicros(clock);
                ServerDatagram datagram = ServerDatagram.newBuilder().setSnapshot(out.snapshot().toBuilder()
                        .setServerTimeMs(micros / 1000).setServerTimeUs(micros)).build();
                ByteBuf sealed = seal(datagram, out.link(), udp.alloc());
                int size = sealed.readableBytes();
                udp.writeAndFlush(new DatagramPacket(sealed, out.to()), udp.voidPromise());
                metrics.snapshotBytes.increment(size);
                metrics.snapshotPackets.increment();
                metrics.snapshotSize.record(size);
            }
        });
    }

    /** The clock's time in microseconds since the epoch (what the snapshot time fields carry). */
    static long epochMicros(java.time.Clock clock) {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /**
     * The datagram serialised and sealed into a pooled direct buffer (what the native transport
     * sends from). The snapshot budget keeps it within {@link SealedDatagram#MAX_PAYLOAD_BYTES}.
     */
    private ByteBuf seal(ServerDatagram datagram, DatagramLink link, ByteBufAllocator alloc) {
        int size = datagram.getSerializedSize();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(plaintext, 0, size);
            datagram.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("a snapshot datagram of " + size + " bytes did not serialise", e);
        }
        return sealer.seal(DatagramKind.SERVER_STATE, link, java.nio.ByteBuffer.wrap(plaintext, 0, size), alloc);
    }

    void sendAll() {
        quantiseWorld();
        for (Participant p : session.byIndex) {
            if (p != null && p.connected && p.channel != null) {
                send(p);
            }
        }
    }

    private void quantiseWorld() {
        PoseQuantizer q = session.quantizer;
        world.clear(session.tick);
        for (Participant p : session.byIndex) {
            if (p == null || p.isSpectator()) {
                continue;
            }
            int slot = world.addAvatar(p.index, p.buttons);
            setPose(slot, Frame.HEAD, p.head, q);
            setPose(slot, Frame.LEFT_HAND, p.leftHand, q);
            setPose(slot, Frame.RIGHT_HAND, p.rightHand, q);
        }
        for (Entity e : session.entities) {
            if (!e.present()) {
                continue;
            }
            world.addEntity(e.index(), q.quantizeX(e.position[0]), q.quantizeY(e.position[1]), q.quantizeZ(e.position[2]),
                    PoseQuantizer.packRotation(e.rotation[0], e.rotation[1], e.rotation[2], e.rotation[3]));
        }
    }

    private void setPose(int slot, int pose, float[] v, PoseQuantizer q) {
        world.setAvatarPose(slot, pose, q.quantizeX(v[0]), q.quantizeY(v[1]), q.quantizeZ(v[2]),
                PoseQuantizer.packRotation(v[3], v[4], v[5], v[6]));
    }

    private void send(Participant p) {
        float radius = session.context.config().interestRadiusM();
        // The view: the world within the radius, without the viewer — copied in runs of slots.
        view.clear(session.tick);
        int run = 0;
        for (int slot = 0; slot < world.avatarCount(); slot++) {
            int id = world.avatarId(slot);
            Participant other = session.byIndex[id];
            if (id == p.index || other == null || !(Interactions.distance(other.head, p.head) <= radius)) {
                view.appendAvatars(world, run, slot);
                run = slot + 1;
            }
        }
        view.appendAvatars(world, run, world.avatarCount());
        run = 0;
        for (int slot = 0; slot < world.entityCount(); slot++) {
            Entity e = session.entities.get(world.entityId(slot));
            if (!(Interactions.distance(e.position, p.head) <= radius)) {
                view.appendEntities(world, run, slot);
                run = slot + 1;
            }
        }
        view.appendEntities(world, run, world.entityCount());
        int baseTick = p.ackTick;
        Frame base = baseTick > 0 && session.tick - baseTick < Participant.HISTORY ? p.historyAt(baseTick) : null;
        if (base == null) {
            base = empty;
            baseTick = 0;
        }
        Frame sent = p.history[Math.floorMod(session.tick, Participant.HISTORY)];
        if (p.entityPriority.length < session.entities.size()) {
            p.entityPriority = new float[session.entities.size()];
        }
        budget.viewer = p;
        codec.encode(base, view, session.context.config().snapshotBudgetBytes() * 8L, budget, writer, sent);
        long nowMicros = epochMicros(session.context.clock());
        Snapshot snapshot = Snapshot.newBuilder().setTick(session.tick).setBaseTick(baseTick)
                .setServerTimeMs(nowMicros / 1000).setServerTimeUs(nowMicros).setTickStartUs(session.tickStartMicros)
                .setAckInputSeq(p.lastInputSeq)
                .setPayload(ByteString.copyFrom(writer.array(), 0, writer.byteLength())).build();
        Channel udp = session.context.udpChannel();
        p.packetsSent++;
        StateLink link = p.stateLink;
        java.net.InetSocketAddress to = link == null ? null : link.address();
        if (to != null && udp != null) {
            datagrams.add(new Outgoing(snapshot, link.link(), to));
            p.bytesSent += snapshot.getSerializedSize() + SealedDatagram.OVERHEAD_BYTES;
            return;
        }
        ServerMessage message = ServerMessage.newBuilder().setSnapshot(snapshot).build();
        int bytes = message.getSerializedSize();
        session.send(p, message);
        p.bytesSent += bytes;
        SessionMetrics metrics = session.context.sessionMetrics;
        metrics.snapshotBytes.increment(bytes);
        metrics.snapshotPackets.increment();
        metrics.snapshotSize.record(bytes);
    }

    /** Priority accumulator: nearer objects gain priority faster; an object sent starts again at 0. */
    private final class Budget implements SnapshotCodec.Selection {
        Participant viewer;

        @Override
        public float avatarPriority(int id) {
            Participant other = session.byIndex[id];
            float d = other == null ? 100f : Interactions.distance(other.head, viewer.head);
            return viewer.avatarPriority[id] += 2f / (1f + d);
        }

        @Override
        public float entityPriority(int id) {
            float d = Interactions.distance(session.entities.get(id).position, viewer.head);
            return viewer.entityPriority[id] += 1f / (1f + d);
        }

        @Override
        public void included(boolean avatar, int id) {
            if (avatar) {
                viewer.avatarPriority[id] = 0;
            } else {
                viewer.entityPriority[id] = 0;
            }
        }
    }
}
