package ensemble.server;

import ensemble.proto.Transport;
import ensemble.server.analytics.LearningRecord;
import ensemble.server.http.Console;
import ensemble.server.http.HttpChannelInitializer;
import ensemble.server.http.HttpReply;
import ensemble.server.http.HttpRoutes;
import ensemble.server.http.MetricsEndpoint;
import ensemble.server.http.JoinLinks;
import ensemble.server.http.ScenarioCatalogue;
import ensemble.server.net.ConnectionCap;
import ensemble.server.net.ControlChannelInitializer;
import ensemble.server.net.Handshake;
import ensemble.server.net.Replies;
import ensemble.server.net.SessionGateway;
import ensemble.server.net.SessionLocator;
import ensemble.server.net.StateChannelHandler;
import ensemble.server.net.StateDatagrams;
import ensemble.server.node.NodeCoordinator;
import ensemble.server.scenario.ScenarioCatalog;
import ensemble.server.scenario.SceneBuilder;
import ensemble.server.session.SessionContext;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.server.store.EmbeddedRedis;
import ensemble.server.store.Redacted;
import ensemble.server.store.RedisHealth;
import ensemble.server.store.StoreSettings;
import ensemble.server.store.StoreWriter;
import ensemble.server.tls.ServerTls;
import ensemble.server.world.Scene;
import ensemble.v1.ErrorCode;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ensemble server node: the control (TCP) and state (UDP) listeners, the HTTP console and
 * API, the connection to Redis (or an embedded redis-server it owns), and metrics. Start with
 * {@link #start(ServerConfig)}; {@link #close()} says goodbye to every client and stops
 * everything it started, the embedded Redis included.
 */
public final class EnsembleServer implements AutoCloseable {
    /** Receive and send buffer of the UDP state socket: a tick's inputs and snapshots for thousands of clients. */
    static final int STATE_SOCKET_BUFFER_BYTES = 4 << 20;

    private static final Logger log = LoggerFactory.getLogger(EnsembleServer.class);

    private final ServerConfig config;
    private final PrometheusMeterRegistry metrics;
    private final EmbeddedRedis embeddedRedis;
    private final URI redisUrl;
    private final RedisHealth redisHealth;
    private final Transport transport;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    /** The UDP state socket's own event loop: console, API and /metrics work on the I/O threads never delays it. */
    private final EventLoopGroup stateGroup;
    private final ChannelGroup connections = new DefaultChannelGroup("control", GlobalEventExecutor.INSTANCE);
    private final long startedAtMillis = System.currentTimeMillis();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SessionRegistry sessions;
    private final ScenarioCatalog scenarios;
    private final NodeCoordinator node;
    private final Console console;
    private final LearningRecord learningRecord;
    private final ServerTls tls;
    private volatile Channel controlChannel;
    private volatile Channel stateChannel;
    private Channel httpChannel;

    private EnsembleServer(ServerConfig config) throws IOException {
        this.config = config;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        if (config.redisUrl() == null) {
            this.embeddedRedis = EmbeddedRedis.start(config.dataDir(), config.redisBinary());
            this.redisUrl = embeddedRedis.url();
        } else {
            this.embeddedRedis = null;
            this.redisUrl = config.redisUrl();
            log.info("using Redis at {}", Redacted.url(redisUrl));
        }
        this.tls = ServerTls.start(config.tls(), config.dataDir(), List.of(config.publicHost(), config.bindHost()));
        this.transport = Transport.best();
        this.acceptGroup = transport.newGroup(1, new DefaultThreadFactory("ensemble-accept"));
        this.ioGroup = transport.newGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("ensemble-io"));
        this.stateGroup = transport.newGroup(1, new DefaultThreadFactory("ensemble-udp"));
        this.scenarios = new ScenarioCatalog(config.scenarioDir()).start();
        this.sessions = new SessionRegistry(new SessionContext(config, new TokenSigner(config.secret(), Clock.systemUTC()),
                metrics, Clock.systemUTC(), () -> stateChannel));
        this.node = new NodeCoordinator(redisUrl.toString(), config.nodeId(), config.publicHost(), sessions,
                scenarios::find, StoreSettings.defaults(), metrics);
        this.redisHealth = new RedisHealth(node.connection(), java.time.Duration.ofSeconds(1));
        this.console = new Console(sessions, catalogue(scenarios), config.consoleUser(), config.consolePassword(),
                config.limits());
        console.review(node, scenarios::find);
        this.learningRecord = new LearningRecord(config, node.store(), node.connection().jedis(), sessions, scenarios::find);
        LearningRecord record = learningRecord;
        console.review().reports().add(new ensemble.server.assess.ReportSection() {
            @Override
            public String name() {
                return "analytics";
            }

            @Override
            public Object build(ensemble.server.assess.ReportContext context) {
                return record.analyse(context.sessionId()).map(a -> a.toMap()).orElse(null);
            }
        });
    }

    /** The catalogue as the API offers it: every loaded scenario, as a scene per id. */
    private static ScenarioCatalogue catalogue(ScenarioCatalog scenarios) {
        return new ScenarioCatalogue() {
            @Override
            public Scene scene(String id) {
                return scenarios.find(id).map(SceneBuilder::from).orElse(null);
            }

            @Override
            public List<Entry> entries() {
                return scenarios.all().values().stream().map(s -> new Entry(s.id(), s.title())).toList();
            }
        };
    }

    /** Starts a node; on failure everything already started is stopped again. */
    public static EnsembleServer start(ServerConfig config) throws IOException, InterruptedException {
        EnsembleServer server = new EnsembleServer(config);
        try {
            server.bind();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() throws IOException, InterruptedException {
        Handshake handshake = new SessionGateway(sessions, config.idleTimeout(), (sessionId, replyTo, reply) ->
                node.locate(sessionId, replyTo, location -> reply.accept(new SessionLocator.Answer(
                        SessionLocator.Where.valueOf(location.kind().name()), location.endpoint()))));
        controlChannel = bindOrFail("control (TCP)", new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 256)
                .childHandler(new ControlChannelInitializer(config.maxFrameBytes(), config.handshakeTimeout(),
                        handshake, connections, new ConnectionCap("control", config.limits().controlConnectionsPerIp(),
                        metrics)).withTls(tls))
                .bind(config.bindHost(), config.port()));
        int controlPort = ((InetSocketAddress) controlChannel.localAddress()).getPort();
        stateChannel = bindOrFail("state (UDP)", new Bootstrap()
                .group(stateGroup)
                .channel(transport.datagramChannel())
                // Paced inputs of every client of a tick arrive together; snapshots leave together.
                .option(ChannelOption.SO_RCVBUF, STATE_SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, STATE_SOCKET_BUFFER_BYTES)
                .handler(new StateChannelHandler(metrics, new StateDatagrams(sessions.context())))
                .bind(config.bindHost(), controlPort));
        httpChannel = bindOrFail("HTTP", new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(transport.serverChannel())
                .childHandler(new HttpChannelInitializer(routes(controlPort), console, config.limits(),
                        new ConnectionCap("http", config.limits().httpConnectionsPerIp(), metrics))
                        .withTls(tls, config.handshakeTimeout()))
                .bind(config.bindHost(), config.httpPort()));
        int receiveBuffer = stateChannel.config().getOption(ChannelOption.SO_RCVBUF);
        if (receiveBuffer < STATE_SOCKET_BUFFER_BYTES) {
            log.info("UDP receive buffer {} bytes, not the {} asked for: net.core.rmem_max caps it; raise that for "
                    + "thousands of clients per node (see docs/operations.md)", receiveBuffer, STATE_SOCKET_BUFFER_BYTES);
        }
        if (!tls.enabled()) {
            log.warn("TLS is OFF (--no-tls): join tokens, resume tokens and the console password travel in clear text;"
                    + " use this for benchmarks on a trusted machine only");
        }
        node.start(controlPort, httpPort());
        log.info("transport {}; control and state on {}:{}; HTTP on {}:{}; {}", transport, config.bindHost(),
                controlPort, config.bindHost(), httpPort(),
                tls.enabled() ? "TLS 1.3, certificate pin " + tls.pin() : "NO TLS (--no-tls, for benchmarks only)");
    }

    private static Channel bindOrFail(String what, io.netty.channel.ChannelFuture future)
            throws IOException, InterruptedException {
        future.await();
        if (!future.isSuccess()) {
            throw new IOException("cannot bind the " + what + " listener: " + future.cause().getMessage(),
                    future.cause());
        }
        return future.channel();
    }

    private HttpRoutes routes(int controlPort) {
        HttpRoutes routes = new HttpRoutes()
                .get("/healthz", request -> health());
        new MetricsEndpoint(config.metricsToken(), console.guard().auth(), metrics::scrape).register(routes);
        console.register(routes, new JoinLinks(config.publicHost() + ":" + controlPort, tls.pin()));
        learningRecord.register(routes, console.guard());
        return routes;
    }

    /** The health document: overall status, and that of Redis and of this server. */
    HttpReply health() {
        RedisHealth.Status redis = redisHealth.status();
        StoreWriter.Health writes = node.writerHealth();
        Map<String, Object> redisPart = new LinkedHashMap<>();
        redisPart.put("status", redis.up() ? "up" : "down");
        redisPart.put("mode", embeddedRedis != null ? "embedded" : "external");
        redisPart.put("url", Redacted.url(redisUrl));
        redisPart.put("detail", redis.detail());
        redisPart.put("bufferedWrites", writes.bufferedWrites());
        redisPart.put("overflowedWrites", writes.overflowedWrites());
        Map<String, Object> serverPart = new LinkedHashMap<>();
        serverPart.put("status", closed.get() ? "stopping" : "up");
        serverPart.put("node", config.nodeId());
        serverPart.put("transport", transport.name().toLowerCase(java.util.Locale.ROOT));
        serverPart.put("uptimeMs", System.currentTimeMillis() - startedAtMillis);
        serverPart.put("connections", connections.size());
        serverPart.put("sessions", sessions.all().size());
        Map<String, Object> body = new LinkedHashMap<>();
        boolean healthy = redis.up() && !writes.degraded();
        body.put("status", healthy ? "up" : "degraded");
        body.put("redis", redisPart);
        body.put("server", serverPart);
        return HttpReply.json(healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    public int controlPort() {
        return ((InetSocketAddress) controlChannel.localAddress()).getPort();
    }

    public int httpPort() {
        return ((InetSocketAddress) httpChannel.localAddress()).getPort();
    }

    /** TLS of the control and HTTP listeners: the certificate's pin, or disabled with {@code --no-tls}. */
    public ServerTls tls() {
        return tls;
    }

    public ServerConfig config() {
        return config;
    }

    /** The Redis URL this node uses, password included: show it only through {@link Redacted#url}. */
    public URI redisUrl() {
        return redisUrl;
    }

    /** The embedded Redis, or null when the node uses an external one. */
    public EmbeddedRedis embeddedRedis() {
        return embeddedRedis;
    }

    /** The scenario catalogue (hot-reloaded from the scenario directory). */
    public ScenarioCatalog scenarios() {
        return scenarios;
    }

    /** This node's store side: journal, leases, directory, takeover. */
    public NodeCoordinator node() {
        return node;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** The facilitator console: its password (configured or generated at start-up). */
    public Console console() {
        return console;
    }

    /** Team analytics, leaderboards and xAPI of this node. */
    public LearningRecord learningRecord() {
        return learningRecord;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("shutting down");
        for (Channel connection : connections) {
            Replies.goodbye(connection, ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN, "the server is shutting down");
        }
        connections.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (sessions.stopTicking()) {
            node.checkpointAll();
        } else {
            log.warn("a tick thread did not stop within 2 s; no final checkpoint, the next owner starts from the last one");
        }
        sessions.close();
        console.close();
        learningRecord.close();
        node.close();
        scenarios.close();
        for (Channel listener : new Channel[] {controlChannel, stateChannel, httpChannel}) {
            if (listener != null) {
                listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        stateGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        redisHealth.close();
        if (tls != null) {
            tls.close();
        }
        if (embeddedRedis != null) {
            embeddedRedis.close();
        }
        metrics.close();
        log.info("stopped");
    }
}
