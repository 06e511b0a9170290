package ensemble.server.testing;

import ensemble.client.net.ConnectionListener;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.ServerConnection;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import ensemble.v1.Vec3;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client for integration tests on the real network core: poses are set by the test, every
 * server message is collected, and the newest decoded frame is kept.
 */
public final class TestClient implements ConnectionListener, AutoCloseable {
    private final BlockingQueue<ServerMessage> messages = new LinkedBlockingQueue<>();
    private final ServerConnection connection;
    private volatile float[] head = {0, 1.65f, 0};
    private volatile float[] left = {-0.25f, 1.0f, 0};
    private volatile float[] right = {0.25f, 1.0f, 0};
    private final Frame newest = new Frame();
    private volatile int newestTick;
    private final java.util.concurrent.atomic.AtomicLong snapshots = new java.util.concurrent.atomic.AtomicLong();
    private volatile String closedReason;

    public TestClient(EventLoopGroup group, ConnectionOptions options) {
        connection = ServerConnection.connect(group, options, this);
        connection.setInputSource(this::fill);
    }

    public static ConnectionOptions options(int port, String token, String name) {
        return ConnectionOptions.of("127.0.0.1", port, token, name, ClientKind.CLIENT_KIND_BOT)
                .withResumeWindow(Duration.ofSeconds(20)).withTrust(TestTls.TRUST);
    }

    public Welcome awaitWelcome() throws Exception {
        return connection.welcomed().get(10, TimeUnit.SECONDS);
    }

    private void fill(Input.Builder input) {
        input.setHead(pose(head)).setLeftHand(pose(left)).setRightHand(pose(right));
    }

    private static Pose pose(float[] p) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(p[0]).setY(p[1]).setZ(p[2]))
                .setRotation(Quat.newBuilder().setW(1)).build();
    }

    public void setHead(float x, float y, float z) {
        head = new float[] {x, y, z};
    }

    public void setRightHand(float x, float y, float z) {
        right = new float[] {x, y, z};
    }

    public void setLeftHand(float x, float y, float z) {
        left = new float[] {x, y, z};
    }

    public void send(ClientMessage message) {
        connection.send(message);
    }

    @Override
    public void onMessage(ServerMessage message) {
        messages.add(message);
    }

    @Override
    public void onSnapshot(Frame frame, Snapshot snapshot) {
        synchronized (newest) {
            newest.copyFrom(frame);
        }
        newestTick = snapshot.getTick();
        snapshots.incrementAndGet();
    }

    @Override
    public void onClosed(String reason) {
        closedReason = reason;
    }

    /** Waits for a message matching {@code test}, skipping others; fails after the timeout. */
    public ServerMessage await(Predicate<ServerMessage> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ServerMessage message = messages.poll(50, TimeUnit.MILLISECONDS);
            if (message != null && test.test(message)) {
                return message;
            }
        }
        throw new AssertionError("no matching message within " + timeout);
    }

    /** A copy of the newest decoded frame. */
    public Frame newestFrame() {
        Frame copy = new Frame();
        synchronized (newest) {
            copy.copyFrom(newest);
        }
        return copy;
    }

    public int newestTick() {
        return newestTick;
    }

    /** Snapshots decoded so far (over UDP or TCP). */
    public long snapshotCount() {
        return snapshots.get();
    }

    public String closedReason() {
        return closedReason;
    }

    public ServerConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
    }
}
