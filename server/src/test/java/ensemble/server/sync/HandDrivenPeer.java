package ensemble.server.sync;

import ensemble.proto.Protocol;
import ensemble.proto.datagram.DatagramKind;
import ensemble.proto.datagram.DatagramLink;
import ensemble.proto.datagram.DatagramOpener;
import ensemble.proto.datagram.DatagramSealer;
import ensemble.server.testing.TestTls;
import ensemble.v1.ClientDatagram;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.Hello;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.ServerDatagram;
import ensemble.v1.ServerMessage;
import ensemble.v1.UdpProbe;
import ensemble.v1.Vec3;
import ensemble.v1.Welcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A participant driven by hand, for hostile-datagram tests: its own control connection (Hello,
 * then it only reads) and UDP sockets that send exactly the datagrams a test seals, with the
 * participant's real key or a wrong one. Unlike the client core it sends no inputs by itself,
 * so what moves its avatar is only what the test sent.
 */
public final class HandDrivenPeer implements AutoCloseable {
    private final int port;
    private final DatagramSealer sealer = new DatagramSealer();
    private Socket control;
    private Welcome welcome;
    private DatagramLink link;

    private HandDrivenPeer(int port) {
        this.port = port;
    }

    /** Joins with a join token and waits for the Welcome. */
    public static HandDrivenPeer join(int port, String token) throws IOException {
        HandDrivenPeer peer = new HandDrivenPeer(port);
        peer.connect(Hello.newBuilder().setJoinToken(token).setDisplayName("Hand"));
        return peer;
    }

    /** Drops the control connection and resumes on a new one: a new Welcome, a new key. */
    public void resume() throws IOException {
        control.close();
        connect(Hello.newBuilder().setResumeToken(welcome.getResumeToken()));
    }

    private void connect(Hello.Builder hello) throws IOException {
        Socket socket = TestTls.controlSocket(port);
        ClientMessage.newBuilder().setHello(hello.setProtocolVersion(Protocol.VERSION)
                .setClientKind(ClientKind.CLIENT_KIND_BOT)).build().writeDelimitedTo(socket.getOutputStream());
        InputStream in = socket.getInputStream();
        ServerMessage first = ServerMessage.parseDelimitedFrom(in);
        if (!first.hasWelcome()) {
            socket.close();
            throw new IOException("no Welcome: " + first);
        }
        control = socket;
        welcome = first.getWelcome();
        link = new DatagramLink(welcome.getUdpConnectionId(), welcome.getUdpKey().toByteArray());
        Thread drain = new Thread(() -> {
            try {
                while (ServerMessage.parseDelimitedFrom(in) != null) {
                    // read and forget: status, events and TCP snapshots keep flowing
                }
            } catch (IOException closed) {
                // the test closed it, or the server replaced it on resume
            }
        }, "hand-driven-control");
        drain.setDaemon(true);
        drain.start();
    }

    public Welcome welcome() {
        return welcome;
    }

    /** The current link (the key and connection id of the newest Welcome). */
    public DatagramLink link() {
        return link;
    }

    /** {@code datagram} sealed on {@code with} (its next sequence), as the holder of that key would. */
    public synchronized byte[] seal(DatagramLink with, ClientDatagram datagram) {
        ByteBuffer out = ByteBuffer.allocate(Protocol.MAX_DATAGRAM_BYTES);
        int n = sealer.seal(DatagramKind.CLIENT_STATE, with, ByteBuffer.wrap(datagram.toByteArray()), out);
        return Arrays.copyOf(out.array(), n);
    }

    public byte[] seal(ClientDatagram datagram) {
        return seal(link, datagram);
    }

    public static ClientDatagram probe() {
        return ClientDatagram.newBuilder().setProbe(UdpProbe.newBuilder().setNonce(7)).build();
    }

    /** An input that puts the head at (x, 1.65, z); {@code seq} is Input.seq, which orders nothing. */
    public static ClientDatagram input(int seq, float x, float z) {
        return ClientDatagram.newBuilder().setInput(Input.newBuilder().setSeq(seq)
                .setHead(Pose.newBuilder().setPosition(Vec3.newBuilder().setX(x).setY(1.65f).setZ(z))
                        .setRotation(Quat.newBuilder().setW(1)))).build();
    }

    /** A UDP socket of this peer (or of an attacker) that counts what the server sends it. */
    public Endpoint endpoint() throws SocketException {
        return new Endpoint(port, link);
    }

    @Override
    public void close() throws IOException {
        control.close();
    }

    /**
     * A UDP socket on its own port. It counts every datagram that reaches it, and those that open
     * with {@code opensWith}'s key by kind (its own copy of the link: a reader thread of its own).
     */
    public static final class Endpoint implements AutoCloseable {
        public final AtomicInteger received = new AtomicInteger();
        public final AtomicInteger probeAcks = new AtomicInteger();
        public final AtomicInteger snapshots = new AtomicInteger();
        private final DatagramSocket socket = new DatagramSocket();
        private final InetSocketAddress server;

        public Endpoint(int port, DatagramLink opensWith) throws SocketException {
            this.server = new InetSocketAddress("127.0.0.1", port);
            DatagramLink copy = new DatagramLink(opensWith.connectionId(), opensWith.keyBytes());
            DatagramOpener opener = new DatagramOpener(DatagramKind.Direction.SERVER_TO_CLIENT,
                    id -> id == copy.connectionId() ? copy : null);
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[2048];
                try {
                    while (true) {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        received.incrementAndGet();
                        if (opener.open(ByteBuffer.wrap(buffer, 0, packet.getLength())) instanceof DatagramOpener.Opened o) {
                            ServerDatagram datagram = ServerDatagram.parseFrom(o.payload());
                            (datagram.hasSnapshot() ? snapshots : probeAcks).incrementAndGet();
                        }
                    }
                } catch (IOException closed) {
                    // the socket was closed
                }
            }, "hand-driven-udp");
            reader.setDaemon(true);
            reader.start();
        }

        public void send(byte[] datagram) throws IOException {
            socket.send(new DatagramPacket(datagram, datagram.length, server));
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
