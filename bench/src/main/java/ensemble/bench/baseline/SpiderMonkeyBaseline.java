package ensemble.bench.baseline;

import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.network.AbstractMessage;
import com.jme3.network.Client;
import com.jme3.network.Message;
import com.jme3.network.Network;
import com.jme3.network.Server;
import com.jme3.network.base.DefaultServer;
import com.jme3.network.base.protocol.SerializerMessageProtocol;
import com.jme3.network.kernel.tcp.SelectorKernel;
import com.jme3.network.kernel.udp.UdpKernel;
import com.jme3.network.serializing.Serializable;
import com.jme3.network.serializing.Serializer;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Baseline (b): jMonkeyEngine's SpiderMonkey ({@code jme3-networking}) carrying the same world.
 * A SpiderMonkey server and {@code clients} SpiderMonkey clients on loopback; the server replays
 * the frames an Ensemble client decoded during the workload, at the tick rate, and each tick sends
 * every client one unreliable (UDP) message with the float pose ({@link Vector3f} +
 * {@link Quaternion}) of each object that changed since the previous tick — the usual
 * SpiderMonkey way, and kinder to it than resending everything.
 *
 * <p>Bytes are what SpiderMonkey's own {@link SerializerMessageProtocol} writes for each message
 * (its length prefix included), counted once per client per message; the clients count what
 * arrives, so the run also shows that the messages really flowed.
 */
public final class SpiderMonkeyBaseline {
    private static final String GAME = "ensemble-bench";

    /** One tick's changed poses. Public with a no-argument constructor: SpiderMonkey's FieldSerializer needs both. */
    @Serializable
    public static final class PoseUpdate extends AbstractMessage {
        public int tick;
        public int[] ids;
        public Vector3f[] positions;
        public Quaternion[] rotations;

        public PoseUpdate() {
            setReliable(false);
        }
    }

    /** What the replay measured: per client per second, and the share of messages that arrived. */
    public record Result(double payloadBytesPerClientPerSecond, double wireBytesPerClientPerSecond,
            double messagesPerClientPerSecond, double deliveredShare) {
    }

    static {
        // SpiderMonkey logs every registration step at INFO through java.util.logging.
        java.util.logging.Logger.getLogger("com.jme3.network").setLevel(java.util.logging.Level.WARNING);
        // Vector3f has a built-in serializer; Quaternion gets four floats.
        Serializer.registerClass(Quaternion.class, new QuaternionSerializer());
        Serializer.registerClass(PoseUpdate.class);
    }

    private SpiderMonkeyBaseline() {
    }

    /**
     * Replays {@code frames} (cyclically) to {@code clients} clients for {@code seconds} at
     * {@code tickRate}. Needs at least two frames.
     */
    public static Result run(List<Frame> frames, PoseQuantizer q, int clients, int tickRate, double seconds)
            throws IOException, InterruptedException {
        if (frames.size() < 2) {
            throw new IllegalArgumentException("the replay needs at least two frames, got " + frames.size());
        }
        int port = freePort();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Server server = new DefaultServer(GAME, 1, new SelectorKernel(loopback, port), new UdpKernel(loopback, port));
        server.start();
        List<Client> connected = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        SerializerMessageProtocol protocol = new SerializerMessageProtocol();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long sentBytes = 0;
        long sentMessages = 0;
        try {
            for (int i = 0; i < clients; i++) {
                Client client = Network.connectToServer(GAME, 1, "127.0.0.1", port, port);
                client.addMessageListener((source, message) -> received.incrementAndGet(), PoseUpdate.class);
                client.start();
                connected.add(client);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.getConnections().size() < clients && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(300); // let the clients' UDP paths register before counting
            received.set(0);
            long period = 1_000_000_000L / tickRate;
            long ticks = Math.round(seconds * tickRate);
            long next = System.nanoTime();
            for (long t = 0; t < ticks; t++) {
                Frame previous = frames.get((int) (t % (frames.size() - 1)));
                Frame current = frames.get((int) (t % (frames.size() - 1)) + 1);
                PoseUpdate update = changes(previous, current, q, (int) t);
                buffer.clear();
                sentBytes += (long) protocol.toByteBuffer(update, buffer).remaining() * server.getConnections().size();
                sentMessages += server.getConnections().size();
                server.broadcast(update);
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            Thread.sleep(200); // in flight
            double perClient = Math.max(1, clients);
            double bytesPerMessage = sentMessages == 0 ? 0 : sentBytes / (double) sentMessages;
            double messagesPerSecond = sentMessages / perClient / seconds;
            return new Result(sentBytes / perClient / seconds,
                    messagesPerSecond * Wire.udpIpv4Bytes((int) Math.round(bytesPerMessage)),
                    messagesPerSecond, sentMessages == 0 ? 0 : received.get() / (double) sentMessages);
        } finally {
            for (Client client : connected) {
                if (client.isConnected()) {
                    client.close();
                }
            }
            server.close();
        }
    }

    /** The poses that differ between two frames, as floats; avatar pose k of avatar a is id 100000 + 3a + k. */
    static PoseUpdate changes(Frame previous, Frame current, PoseQuantizer q, int tick) {
        List<Integer> ids = new ArrayList<>();
        List<Vector3f> positions = new ArrayList<>();
        List<Quaternion> rotations = new ArrayList<>();
        float[] r = new float[4];
        for (int slot = 0; slot < current.avatarCount(); slot++) {
            int b = previous.findAvatar(current.avatarId(slot));
            for (int pose = 0; pose < Frame.POSES_PER_AVATAR; pose++) {
                if (b >= 0 && previous.avatarPosition(b, pose, 0) == current.avatarPosition(slot, pose, 0)
                        && previous.avatarPosition(b, pose, 1) == current.avatarPosition(slot, pose, 1)
                        && previous.avatarPosition(b, pose, 2) == current.avatarPosition(slot, pose, 2)
                        && previous.avatarRotation(b, pose) == current.avatarRotation(slot, pose)) {
                    continue;
                }
                PoseQuantizer.unpackRotation(current.avatarRotation(slot, pose), r);
                ids.add(100_000 + current.avatarId(slot) * 3 + pose);
                positions.add(new Vector3f(q.dequantizeX(current.avatarPosition(slot, pose, 0)),
                        q.dequantizeY(current.avatarPosition(slot, pose, 1)),
                        q.dequantizeZ(current.avatarPosition(slot, pose, 2))));
                rotations.add(new Quaternion(r[0], r[1], r[2], r[3]));
            }
        }
        for (int slot = 0; slot < current.entityCount(); slot++) {
            int b = previous.findEntity(current.entityId(slot));
            if (b >= 0 && previous.entityPosition(b, 0) == current.entityPosition(slot, 0)
                    && previous.entityPosition(b, 1) == current.entityPosition(slot, 1)
                    && previous.entityPosition(b, 2) == current.entityPosition(slot, 2)
                    && previous.entityRotation(b) == current.entityRotation(slot)) {
                continue;
            }
            PoseQuantizer.unpackRotation(current.entityRotation(slot), r);
            ids.add(current.entityId(slot));
            positions.add(new Vector3f(q.dequantizeX(current.entityPosition(slot, 0)),
                    q.dequantizeY(current.entityPosition(slot, 1)), q.dequantizeZ(current.entityPosition(slot, 2))));
            rotations.add(new Quaternion(r[0], r[1], r[2], r[3]));
        }
        PoseUpdate update = new PoseUpdate();
        update.tick = tick;
        update.ids = ids.stream().mapToInt(Integer::intValue).toArray();
        update.positions = positions.toArray(Vector3f[]::new);
        update.rotations = rotations.toArray(Quaternion[]::new);
        return update;
    }

    /** Size of one message as SpiderMonkey writes it (length prefix included). */
    static int messageBytes(Message message) {
        return new SerializerMessageProtocol().toByteBuffer(message, ByteBuffer.allocate(1 << 20)).remaining();
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // the UDP side of that port is in use; try another
            }
        }
        throw new IOException("no free loopback port with both TCP and UDP");
    }
}
