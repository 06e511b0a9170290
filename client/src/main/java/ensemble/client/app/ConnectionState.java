package ensemble.client.app;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import ensemble.client.input.PoseInput;
import ensemble.client.input.TrackedPose;
import ensemble.client.net.ConnectionListener;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.SessionLocator;
import ensemble.client.net.ServerConnection;
import ensemble.proto.Transport;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import ensemble.v1.Vec3;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The link between the network core and the scene. Owns the {@link ServerConnection} (resuming
 * after drops is the core's job) and turns each of its callbacks into a task for the render
 * thread; publishes this person's poses once per frame for the input timer to send.
 *
 * <p>Threads: the listener methods run on the connection's Netty event loop and do nothing but
 * copy and {@code app.enqueue}; everything else runs on the render thread. The published input is
 * an immutable message in a volatile field, read by the event loop.
 */
public final class ConnectionState extends BaseAppState implements ConnectionListener {
    private final ClientContext context;
    private final ConnectionOptions options;
    private final Consumer<Welcome> onFirstWelcome;
    private EventLoopGroup group;
    private ServerConnection connection;
    private volatile Input published = Input.getDefaultInstance();
    private NetworkPoseFeed feed;
    private boolean placed;

    /** @param onFirstWelcome runs on the render thread after the first (not resumed) Welcome */
    public ConnectionState(ClientContext context, ConnectionOptions options, Consumer<Welcome> onFirstWelcome) {
        this.context = context;
        this.options = options;
        this.onFirstWelcome = onFirstWelcome;
    }

    @Override
    protected void initialize(Application app) {
        group = Transport.best().newGroup(1);
        connection = ServerConnection.connect(group, options, this);
        connection.setInputSource(input -> input.mergeFrom(published));
    }

    @Override
    protected void cleanup(Application app) {
        connection.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    @Override
    protected void onEnable() {
    }

    @Override
    protected void onDisable() {
    }

    @Override
    public void update(float tpf) {
        PoseInput input = context.input();
        published = Input.newBuilder().setHead(pose(input.head())).setLeftHand(pose(input.leftHand()))
                .setRightHand(pose(input.rightHand())).setButtons(input.buttons()).build();
        if (feed != null) {
            feed.beginFrame();
        }
    }

    private static Pose pose(TrackedPose p) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(p.x).setY(p.y).setZ(p.z))
                .setRotation(Quat.newBuilder().setX(p.qx).setY(p.qy).setZ(p.qz).setW(p.qw)).build();
    }

    // ---- event loop side: copy, then hand to the render thread ----

    @Override
    public void onWelcome(Welcome welcome) {
        var quantizer = connection.quantizer(); // set by the core before it calls us, on this loop
        getApplication().enqueue(() -> {
            if (feed == null) {
                feed = new NetworkPoseFeed(quantizer, welcome.getSnapshotRate());
                context.setFeed(feed);
            }
            context.model().welcomed(welcome);
            if (!placed && !welcome.getResumed()) {
                placed = true;
                onFirstWelcome.accept(welcome);
            }
        });
    }

    @Override
    public void onSnapshot(Frame frame, Snapshot snapshot) {
        Frame copy = new Frame();
        copy.copyFrom(frame);
        long arrival = System.currentTimeMillis();
        long offset = connection.clock().offsetMs();
        long serverTime = snapshot.getServerTimeMs();
        getApplication().enqueue(() -> {
            if (feed != null) {
                feed.add(copy, serverTime, arrival, offset);
            }
        });
    }

    @Override
    public void onMessage(ServerMessage message) {
        getApplication().enqueue(() -> context.model().apply(message));
    }

    @Override
    public void onDisconnected(String reason, boolean resuming) {
        getApplication().enqueue(() -> context.model().disconnected(reason, resuming));
    }

    @Override
    public void onLocatorEvent(SessionLocator.Event event) {
        getApplication().enqueue(() -> context.model().locating(event));
    }

    @Override
    public void onClosed(String reason) {
        getApplication().enqueue(() -> context.model().closed(reason));
    }

    /** The connection (for the HUD's statistics and tests). */
    public ServerConnection connection() {
        return connection;
    }
}
