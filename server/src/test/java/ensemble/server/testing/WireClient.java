package ensemble.server.testing;

import ensemble.proto.Protocol;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import ensemble.v1.Welcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A control-channel client that sends exactly the messages a test chooses (no automatic
 * inputs, heartbeats or UDP) and collects everything the server sends on a reader thread, so
 * that a test can wait for one message among a stream of snapshots.
 */
public final class WireClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    private final List<ServerMessage> seen = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    public WireClient(int port) throws IOException {
        socket = TestTls.controlSocket(port); // TLS, pinned to the test certificate
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread reader = new Thread(() -> {
            try {
                ServerMessage message;
                while ((message = ServerMessage.parseDelimitedFrom(in)) != null) {
                    received.add(message);
                }
            } catch (IOException e) {
                // reset or closed: the same as an orderly close for these tests
            }
            closed.countDown();
        }, "wire-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and joins with {@code joinToken}; returns the Welcome. */
    public static WireClient joined(int port, String joinToken, String name) throws Exception {
        WireClient client = new WireClient(port);
        client.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                .setJoinToken(joinToken).setDisplayName(name).setClientKind(ClientKind.CLIENT_KIND_BOT)).build());
        client.welcome = client.await(ServerMessage::hasWelcome, Duration.ofSeconds(30)).getWelcome();
        return client;
    }

    private Welcome welcome;

    public Welcome welcome() {
        return welcome;
    }

    public void send(ClientMessage message) throws IOException {
        message.writeDelimitedTo(out);
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The first message (received from now on, or earlier and not yet matched) that passes {@code test}. */
    public ServerMessage await(Predicate<ServerMessage> test, Duration timeout) throws InterruptedException {
        synchronized (seen) {
            for (int i = 0; i < seen.size(); i++) {
                if (test.test(seen.get(i))) {
                    return seen.remove(i);
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ServerMessage message = received.poll(20, TimeUnit.MILLISECONDS);
            if (message == null) {
                continue;
            }
            if (test.test(message)) {
                return message;
            }
            if (!message.hasSnapshot()) {
                synchronized (seen) {
                    seen.add(message);
                }
            }
        }
        throw new AssertionError("no matching message within " + timeout + "; other messages: " + others());
    }

    /** Messages other than snapshots received so far and not matched, for failure reports. */
    public List<ServerMessage> others() {
        ServerMessage message;
        while ((message = received.poll()) != null) {
            if (!message.hasSnapshot()) {
                synchronized (seen) {
                    seen.add(message);
                }
            }
        }
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** True once the server has closed (or reset) the connection, waiting up to {@code timeout}. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean closedByServer() {
        return closed.getCount() == 0;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
