package ensemble.client.net;

import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.proto.FrameDecoder;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.Protocol;
import ensemble.proto.Transport;
import ensemble.proto.datagram.DatagramKind;
import ensemble.proto.datagram.DatagramLink;
import ensemble.proto.datagram.DatagramOpener;
import ensemble.proto.datagram.DatagramSealer;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.Bounds;
import ensemble.v1.ClientDatagram;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Heartbeat;
import ensemble.v1.Hello;
import ensemble.v1.Input;
import ensemble.v1.ServerDatagram;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import ensemble.v1.UdpProbe;
import ensemble.v1.Welcome;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's network core, shared by the desktop client, the XR client and the headless bots
 * (no jME here). It joins with a token, sends {@code Input} at a fixed rate over UDP (or TCP when
 * no UDP path answers), decodes delta snapshots, keeps clock sync, and after a drop resumes with
 * its resume token within the resume window on whichever node hosts its session now: a
 * {@link SessionLocator} chooses the nodes to ask, and redirects are followed.
 *
 * <p>Threads: everything runs on the connection's one Netty event loop; {@link #send} and
 * {@link #close} may be called from any thread. Listener callbacks run on that event loop.
 */
public final class ServerConnection implements AutoCloseable {
    /** Fatal errors after which resuming cannot help. */
    private static final Set<ErrorCode> FINAL = EnumSet.of(ErrorCode.ERROR_CODE_REMOVED,
            ErrorCode.ERROR_CODE_SESSION_ENDED, ErrorCode.ERROR_CODE_BAD_TOKEN, ErrorCode.ERROR_CODE_TOKEN_EXPIRED,
            ErrorCode.ERROR_CODE_UNSUPPORTED_PROTOCOL, ErrorCode.ERROR_CODE_ROLE_FULL,
            ErrorCode.ERROR_CODE_SESSION_NOT_FOUND, ErrorCode.ERROR_CODE_INBOX_OVERFLOW,
            ErrorCode.ERROR_CODE_SPECTATORS_FULL, ErrorCode.ERROR_CODE_LINK_REVOKED, ErrorCode.ERROR_CODE_SEAT_TAKEN,
            ErrorCode.ERROR_CODE_NAME_REFUSED);

    /** Fills the poses and buttons of the next Input; called on the event loop at the input rate. */
    @FunctionalInterface
    public interface InputSource {
        void fill(Input.Builder input);
    }

    private final EventLoopGroup group;
    /** NIO or native epoll, as the given group's event loops are. */
    private final Transport transport;
    private final EventLoop loop;
    private final ConnectionOptions options;
    private final ConnectionListener listener;
    private final CompletableFuture<Welcome> welcomed = new CompletableFuture<>();
    private final ClockSync clock = new ClockSync();
    private final LatencyRecorder latency = new LatencyRecorder(100_000);
    private final SplittableRandom random = new SplittableRandom();
    private volatile InputSource inputSource = input -> { };

    private final SessionLocator locator;
    /** The endpoint ("host:port") of the current or next connection attempt. */
    private String endpoint;
    /** Whether anything arrived on the current connection (else it counts as unreachable). */
    private boolean answered;
    /** Whether the current connection ended in a redirect to follow. */
    private boolean redirected;
    /** True from a Welcome until the connection drops. */
    private volatile boolean joined;
    private Channel control;
    private Channel udp;
    private InetSocketAddress udpTarget;
    private volatile boolean udpConfirmed;
    /** The sealed state channel of the current Welcome (a resume brings a new one); null without UDP. */
    private DatagramLink link;
    private final DatagramSealer sealer = new DatagramSealer();
    private final DatagramOpener opener = new DatagramOpener(DatagramKind.Direction.SERVER_TO_CLIENT,
            id -> link != null && link.connectionId() == id ? link : null);
    private Welcome welcome;
    private String resumeToken;
    private PoseQuantizer quantizer;
    private SnapshotReceiver receiver;
    private Interpolator interpolator;
    private int inputSeq;
    private ScheduledFuture<?> inputTimer;
    /** Bumped whenever the timers start or stop, so a paced input scheduled before does not go on. */
    private long inputGeneration;
    private long nextInputNanos;
    private InputPacer pacer;
    private ScheduledFuture<?> heartbeatTimer;
    private volatile boolean closed;
    /** The server's certificate was refused: retrying or resuming cannot help. */
    private boolean untrusted;
    private ErrorCode lastError;
    private String lastReason = "connection closed";
    private long droppedAt;
    private volatile long snapshots;
    private volatile long snapshotBytes;
    private volatile long datagramsSent;
    private volatile long bytesSent;

    private ServerConnection(EventLoopGroup group, ConnectionOptions options, ConnectionListener listener) {
        this.group = group;
        this.loop = group.next();
        this.transport = Transport.of(loop);
        this.options = options;
        this.listener = listener;
        this.locator = new SessionLocator(options.host() + ":" + options.port(), options.bootstrap());
        this.endpoint = locator.first().endpoint();
    }

    /** Connects and joins; the future completes with the Welcome or fails with the server's reason. */
    public static ServerConnection connect(EventLoopGroup group, ConnectionOptions options, ConnectionListener listener) {
        ServerConnection connection = new ServerConnection(group, options, listener);
        connection.loop.execute(connection::open);
        return connection;
    }

    /**
     * Connects as the participant a resume token of an earlier run names (a restarted bot keeps
     * its identity and what it held); the future fails when that participant is gone.
     */
    public static ServerConnection resume(EventLoopGroup group, ConnectionOptions options, String resumeToken,
            ConnectionListener listener) {
        ServerConnection connection = new ServerConnection(group, options, listener);
        connection.resumeToken = resumeToken;
        connection.loop.execute(connection::open);
        return connection;
    }

    /** The token to resume this participant with, from its latest Welcome (null before one). */
    public String resumeToken() {
        return welcome == null ? null : welcome.getResumeToken();
    }

    public CompletableFuture<Welcome> welcomed() {
        return welcomed;
    }

    public void setInputSource(InputSource source) {
        this.inputSource = source;
    }

    /** Sends a control message (grab, chat, ...). Safe from any thread. */
    public void send(ClientMessage message) {
        Channel channel = control;
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(message, channel.voidPromise());
        }
    }

    private void open() {
        if (closed) {
            return;
        }
        answered = false;
        String host = SessionLocator.Endpoints.host(endpoint);
        int port = SessionLocator.Endpoints.port(endpoint);
        new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (options.trust().tls()) {
                            ch.pipeline().addLast("tls", options.trust().newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline()
                                .addLast(new FrameDecoder(Protocol.MAX_FRAME_BYTES))
                                .addLast(new ProtobufDecoder(ServerMessage.getDefaultInstance()))
                                .addLast(new ProtobufVarint32LengthFieldPrepender())
                                .addLast(new ProtobufEncoder())
                                .addLast(new ControlHandler());
                    }
                })
                .connect(host, port).addListener(future -> {
                    if (!future.isSuccess()) {
                        lastReason = "cannot connect to " + host + ":" + port + ": " + future.cause().getMessage();
                        dropped();
                    }
                });
    }

    private final class ControlHandler extends SimpleChannelInboundHandler<ServerMessage> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            control = ctx.channel();
            Hello.Builder hello = Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                    .setClientKind(options.kind()).setDisplayName(options.displayName() == null ? "" : options.displayName())
                    .setClientVersion("ensemble-client 0.1.0");
            if (resumeToken != null) {
                hello.setResumeToken(resumeToken);
            } else {
                hello.setJoinToken(options.joinToken());
            }
            ctx.writeAndFlush(ClientMessage.newBuilder().setHello(hello).build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ServerMessage message) {
            if (!answered) {
                answered = true;
                locator.answered(endpoint);
            }
            switch (message.getBodyCase()) {
                case WELCOME -> onWelcome(message.getWelcome());
                case SNAPSHOT -> onSnapshot(message.getSnapshot(), message.getSerializedSize());
                case HEARTBEAT -> clock.sample(message.getHeartbeat().getEchoMs(), message.getHeartbeat().getSentMs(),
                        System.currentTimeMillis());
                case ERROR -> {
                    if (message.getError().getFatal()) {
                        lastError = message.getError().getCode();
                        lastReason = message.getError().getMessage();
                    }
                    listener.onMessage(message);
                }
                case GOODBYE -> {
                    lastError = message.getGoodbye().getCode();
                    lastReason = message.getGoodbye().getReason();
                    listener.onMessage(message);
                }
                case REDIRECT -> {
                    String target = message.getRedirect().getEndpoint();
                    locator.redirected(endpoint, target);
                    redirected = true;
                    event(SessionLocator.Event.Kind.REDIRECT, target);
                    lastReason = "redirected to " + target;
                    ctx.close();
                }
                case NODES -> locator.liveNodes(message.getNodes().getEndpointsList());
                default -> listener.onMessage(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (control == ctx.channel()) {
                control = null;
                dropped();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String tls = ServerTrust.describe(cause);
            lastReason = tls != null ? tls : cause.toString();
            untrusted |= ServerTrust.untrusted(cause);
            ctx.close();
        }
    }

    private void onWelcome(Welcome w) {
        boolean first = welcome == null;
        joined = true;
        locator.joined(endpoint, w.getAlternatesList());
        welcome = w;
        resumeToken = w.getResumeToken();
        droppedAt = 0;
        lastReason = "connection closed";
        lastError = null;
        if (first) {
            Bounds b = w.getSceneBounds();
            quantizer = new PoseQuantizer(b.getMin().getX(), b.getMin().getY(), b.getMin().getZ(),
                    b.getMax().getX(), b.getMax().getY(), b.getMax().getZ());
            receiver = new SnapshotReceiver(quantizer);
            interpolator = new Interpolator(quantizer, Math.max(1, w.getSnapshotRate()));
        } else {
            receiver.reset();
        }
        startTimers();
        link = null;
        udpConfirmed = false;
        if (options.useUdp() && !w.getUdpEndpoint().isEmpty() && w.getUdpKey().size() == DatagramLink.KEY_BYTES) {
            link = new DatagramLink(w.getUdpConnectionId(), w.getUdpKey().toByteArray());
            openUdp(w);
        }
        listener.onWelcome(w);
        welcomed.complete(w);
    }

    private void startTimers() {
        cancelTimers();
        long inputNanos = 1_000_000_000L / options.inputRateHz();
        long tickNanos = welcome.getTickRate() > 0 ? 1_000_000_000L / welcome.getTickRate() : 0;
        pacer = new InputPacer(tickNanos, inputNanos);
        long generation = ++inputGeneration;
        nextInputNanos = System.nanoTime() + inputNanos;
        inputTimer = loop.schedule(() -> paceInput(generation), inputNanos, TimeUnit.NANOSECONDS);
        heartbeatTimer = loop.scheduleAtFixedRate(() -> send(ClientMessage.newBuilder()
                .setHeartbeat(Heartbeat.newBuilder().setSentMs(System.currentTimeMillis())).build()),
                0, 1000, TimeUnit.MILLISECONDS);
    }

    /** Sends the timed input and schedules the next one, timed to the server's ticks (see {@link InputPacer}). */
    private void paceInput(long generation) {
        if (generation != inputGeneration) {
            return; // the timers were restarted or stopped since this was scheduled
        }
        long now = System.nanoTime();
        pacer.onSent(nextInputNanos, now);
        sendInput();
        nextInputNanos = pacer.nextSend(now, oneWayNanos());
        inputTimer = loop.schedule(() -> paceInput(generation), Math.max(0, nextInputNanos - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private long oneWayNanos() {
        long rtt = clock.roundTripMs();
        return rtt > 0 ? rtt * 500_000 : 0;
    }

    private void cancelTimers() {
        inputGeneration++;
        if (inputTimer != null) {
            inputTimer.cancel(false);
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel(false);
        }
    }

    private void openUdp(Welcome w) {
        udpConfirmed = false;
        String endpoint = w.getUdpEndpoint();
        int colon = endpoint.lastIndexOf(':');
        udpTarget = new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
        Consumer<Channel> probe = channel -> {
            for (int i = 0; i < 5; i++) {
                loop.schedule(() -> {
                    if (!udpConfirmed && channel.isActive()) {
                        sendDatagram(ClientDatagram.newBuilder()
                                .setProbe(UdpProbe.newBuilder().setNonce(random.nextInt())).build(), false);
                    }
                }, i * 200L, TimeUnit.MILLISECONDS);
            }
        };
        if (udp != null && udp.isActive()) {
            probe.accept(udp);
            return;
        }
        new Bootstrap().group(loop).channel(transport.datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        onDatagram(packet);
                    }
                })
                .bind(0).addListener(future -> {
                    if (future.isSuccess()) {
                        udp = ((io.netty.channel.ChannelFuture) future).channel();
                        probe.accept(udp);
                    }
                });
    }

    private void onDatagram(DatagramPacket packet) {
        if (options.lossRate() > 0 && random.nextDouble() < options.lossRate()) {
            return;
        }
        int wireBytes = packet.content().readableBytes();
        // Only what the server sealed with this Welcome's key opens; the rest is dropped unread.
        if (!(opener.open(packet.content().nioBuffer()) instanceof DatagramOpener.Opened opened)) {
            return;
        }
        ServerDatagram datagram;
        try {
            datagram = ServerDatagram.parseFrom(opened.payload());
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        switch (datagram.getBodyCase()) {
            case PROBE_ACK -> udpConfirmed = true;
            case SNAPSHOT -> onSnapshot(datagram.getSnapshot(), wireBytes);
            default -> { }
        }
    }

    private void onSnapshot(Snapshot snapshot, int wireBytes) {
        if (receiver == null) {
            return;
        }
        snapshotBytes += wireBytes;
        Frame frame = receiver.accept(snapshot);
        if (frame == null) {
            return;
        }
        snapshots++;
        if (pacer != null) {
            pacer.onSnapshot(System.nanoTime(), snapshot.getTickStartUs(), snapshot.getServerTimeUs(), oneWayNanos());
        }
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        if (snapshot.getServerTimeUs() > 0) {
            latency.record(Math.max(0, nowMicros - snapshot.getServerTimeUs()));
        }
        interpolator.add(frame, snapshot.getServerTimeMs(), System.currentTimeMillis() + clock.offsetMs());
        listener.onSnapshot(frame, snapshot);
    }

    /**
     * Sends an Input now, besides the fixed-rate ones: a headset client calls this every rendered
     * frame so others see its head and hands at the display's rate. Safe from any thread.
     */
    public void sendInputNow() {
        loop.execute(this::sendInput);
    }

    private void sendInput() {
        if (welcome == null || control == null) {
            return;
        }
        Input.Builder input = Input.newBuilder();
        inputSource.fill(input);
        input.setSeq(++inputSeq).setAckTick(receiver.ackTick()).setClientTimeMs(System.currentTimeMillis());
        if (udpConfirmed && udp != null && udp.isActive()) {
            if (options.lossRate() > 0 && random.nextDouble() < options.lossRate()) {
                return;
            }
            sendDatagram(ClientDatagram.newBuilder().setInput(input).build(), true);
        } else {
            ClientMessage message = ClientMessage.newBuilder().setInput(input).build();
            bytesSent += message.getSerializedSize();
            send(message);
        }
    }

    /** Seals and sends a datagram on the current link (none: the last Welcome offered only TCP). */
    private void sendDatagram(ClientDatagram datagram, boolean count) {
        if (link == null) {
            return;
        }
        io.netty.buffer.ByteBuf sealed = sealer.seal(DatagramKind.CLIENT_STATE, link,
                datagram.toByteString().asReadOnlyByteBuffer(), udp.alloc());
        if (count) {
            datagramsSent++;
            bytesSent += sealed.readableBytes();
        }
        udp.writeAndFlush(new DatagramPacket(sealed, udpTarget), udp.voidPromise());
    }

    /** The connection dropped: resume when it makes sense, else report the end. */
    private void dropped() {
        joined = false;
        cancelTimers();
        boolean tryAgain = lastError == ErrorCode.ERROR_CODE_TRY_AGAIN;
        if (tryAgain) {
            event(SessionLocator.Event.Kind.MOVING, lastReason);
        } else if (!answered && !redirected) {
            locator.unreachable(endpoint);
            event(SessionLocator.Event.Kind.UNREACHABLE, lastReason);
        }
        boolean retry = resumeToken != null || redirected || tryAgain;
        boolean resumable = !closed && !untrusted && retry && (lastError == null || !FINAL.contains(lastError));
        if (!welcomed.isDone() && !resumable) {
            welcomed.completeExceptionally(new ConnectionRefused(lastError, lastReason));
        }
        if (!resumable) {
            if (!closed) {
                closed = true;
                closeUdp();
            }
            listener.onClosed(lastReason);
            return;
        }
        if (droppedAt == 0) {
            droppedAt = System.currentTimeMillis();
            listener.onDisconnected(lastReason, true);
        }
        if (System.currentTimeMillis() - droppedAt > options.resumeWindow().toMillis()) {
            closed = true;
            closeUdp();
            listener.onClosed("could not resume within " + options.resumeWindow().toSeconds() + " s: " + lastReason);
            return;
        }
        SessionLocator.Attempt attempt = locator.next(tryAgain);
        redirected = false;
        lastError = null;
        endpoint = attempt.endpoint();
        loop.schedule(() -> {
            event(SessionLocator.Event.Kind.LOOKUP, attempt.source().name().toLowerCase(java.util.Locale.ROOT));
            open();
        }, attempt.delayMillis(), TimeUnit.MILLISECONDS);
    }

    private void event(SessionLocator.Event.Kind kind, String detail) {
        listener.onLocatorEvent(new SessionLocator.Event(System.currentTimeMillis(), kind, endpoint, detail));
    }

    /** Every node this connection knows of now (for status lines and tests). */
    public java.util.List<String> knownNodes() {
        return locator.known();
    }

    /** The endpoint ("host:port") of the node joined now, or of the next attempt while away. */
    public String endpoint() {
        return endpoint;
    }

    private void closeUdp() {
        if (udp != null) {
            udp.close();
        }
    }

    /** Leaves the session: says goodbye, stops resuming, closes both channels. */
    @Override
    public void close() {
        leave();
    }

    /**
     * Leaves the session like {@link #close()}; the future completes once the goodbye is written
     * and the channel closed (a process about to exit waits for it, or the server would keep the
     * participant for its resume grace).
     */
    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> left = new CompletableFuture<>();
        if (closed) {
            left.complete(null);
            return left;
        }
        closed = true;
        loop.execute(() -> {
            cancelTimers();
            Channel channel = control;
            if (channel != null && channel.isActive()) {
                // The server removes the participant and closes the connection; closing first could
                // let the server see the drop before the goodbye. Close anyway if it does not answer.
                channel.closeFuture().addListener(c -> left.complete(null));
                channel.writeAndFlush(ClientMessage.newBuilder().setBye(ensemble.v1.Bye.newBuilder().setReason("left"))
                        .build());
                loop.schedule(() -> channel.close(), 2, TimeUnit.SECONDS);
            } else {
                left.complete(null);
            }
            closeUdp();
        });
        return left;
    }

    /**
     * Ends this connection without saying goodbye and without resuming: the server keeps the
     * participant for its resume grace, so another process can resume it with {@link #resumeToken()}.
     */
    public void disconnect() {
        closed = true;
        loop.execute(() -> {
            cancelTimers();
            if (control != null) {
                control.close();
            }
            closeUdp();
        });
    }

    /** The name this participant joined with. */
    public String displayName() {
        return options.displayName();
    }

    /** Drops the TCP connection without saying goodbye (to test resume), as a network blip would. */
    public void simulateDrop() {
        loop.execute(() -> {
            if (control != null) {
                control.close();
            }
        });
    }

    public Welcome welcome() {
        return welcome;
    }

    public boolean usingUdp() {
        return udpConfirmed;
    }

    public Interpolator interpolator() {
        return interpolator;
    }

    public PoseQuantizer quantizer() {
        return quantizer;
    }

    /** Whether inputs are timed to the server's ticks yet (false until snapshots tell their phase). */
    public boolean pacingInputs() {
        return pacer != null && pacer.pacing();
    }

    public ClockSync clock() {
        return clock;
    }

    public LatencyRecorder latency() {
        return latency;
    }

    public long snapshotsReceived() {
        return snapshots;
    }

    public long snapshotBytesReceived() {
        return snapshotBytes;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long datagramsSent() {
        return datagramsSent;
    }

    /** True while joined: a Welcome arrived on the current connection. */
    public boolean isConnected() {
        Channel channel = control;
        return joined && channel != null && channel.isActive();
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** The server refused or ended the connection; {@link #code()} says why. */
    public static final class ConnectionRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ErrorCode code;

        ConnectionRefused(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }
}
