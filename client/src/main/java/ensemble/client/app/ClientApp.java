package ensemble.client.app;

import com.jme3.app.SimpleApplication;
import com.jme3.audio.AudioListenerState;
import com.jme3.system.AppSettings;
import ensemble.client.avatar.AvatarState;
import ensemble.client.bench.BenchmarkState;
import ensemble.client.bench.FrameTimes;
import ensemble.client.bench.SyntheticWorld;
import ensemble.client.hud.ChatState;
import ensemble.client.hud.HudState;
import ensemble.client.hud.ParticipantListState;
import ensemble.client.input.CameraState;
import ensemble.client.input.DesktopInputState;
import ensemble.client.input.DesktopRig;
import ensemble.client.interaction.InteractionState;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.scene.LoadingState;
import ensemble.client.scene.SceneState;
import ensemble.client.xr.XrMode;
import ensemble.v1.Bounds;
import ensemble.v1.ServerMessage;
import ensemble.v1.Welcome;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The desktop client: a jME application whose features are app states, attached in the order
 * they must update each frame — network (or the benchmark's synthetic world), input, spectator
 * control, camera, scene, avatars, interaction, then the HUD layers and the loading screen.
 * Gameplay states start disabled and are enabled when the loading screen is done.
 *
 * <p>Threads: jME's render thread runs everything here; {@link #awaitExit} may be called from any
 * thread.
 */
public final class ClientApp extends SimpleApplication {
    /**
     * How the client was started. {@code options} is null for the benchmark and for a replay;
     * {@code offline} is the world shown without a server (the benchmark's scene, or a recording).
     */
    public record Launch(ClientSettings settings, ConnectionOptions options, Path screenshot, int screenshotAvatars,
            float benchmarkSeconds, XrMode xr, OfflineWorld offline) {
        /** A desktop launch. */
        public Launch(ClientSettings settings, ConnectionOptions options, Path screenshot, int screenshotAvatars,
                float benchmarkSeconds) {
            this(settings, options, screenshot, screenshotAvatars, benchmarkSeconds, null, null);
        }
    }

    /** How long after the scene is up a screenshot is taken anyway, seconds. */
    static final float SCREENSHOT_TIMEOUT_SECONDS = 30f;

    private final Launch launch;
    private final CountDownLatch exited = new CountDownLatch(1);
    private DesktopRig rig;
    private ClientContext context;
    private volatile FrameTimes benchmarkResult;
    private volatile boolean ready;
    private float sinceReady;
    private int framesSinceReady;

    public ClientApp(Launch launch) {
        super(new AudioListenerState());
        this.launch = launch;
        ClientSettings s = launch.settings();
        AppSettings settings = new AppSettings(true);
        settings.setTitle("Ensemble" + (s.session() == null ? "" : " - " + s.session()));
        settings.setResolution(s.width(), s.height());
        settings.setFullscreen(s.fullscreen());
        settings.setVSync(s.vsync());
        settings.setFrameRate(launch.benchmarkSeconds() > 0 || s.vsync() ? -1 : 240);
        settings.setSamples(0);
        settings.setAudioRenderer(null); // no sound yet, and no sound device needed
        settings.setGammaCorrection(false);
        if (launch.xr() != null) {
            XrMode.configure(settings);
        }
        setSettings(settings);
        setShowSettings(false);
        setPauseOnLostFocus(false);
    }

    @Override
    public void simpleInitApp() {
        setDisplayFps(false);
        setDisplayStatView(false);
        ClientSettings s = launch.settings();
        if (s.assets() != null) {
            assetManager.registerLocator(s.assets().toAbsolutePath().toString(), com.jme3.asset.plugins.FileLocator.class);
        }
        boolean benchmark = launch.benchmarkSeconds() > 0;
        boolean replay = !benchmark && launch.offline() != null;
        boolean spectator = s.spectate() || benchmark || replay;
        rig = new DesktopRig();
        rig.setFlying(spectator);
        SessionModel model = new SessionModel(System::currentTimeMillis);
        String title;
        if (benchmark || replay) {
            context = new ClientContext(model, launch.xr() != null ? launch.xr().rig() : rig, message -> { }, true);
            OfflineWorld world = launch.offline() != null ? launch.offline()
                    : new SyntheticWorld(16, System::currentTimeMillis);
            context.setFeed(world);
            model.welcomed(Welcome.newBuilder().setParticipantId(replay ? "replay" : "benchmark").setRole("spectator").build());
            enqueue(() -> model.apply(ServerMessage.newBuilder().setSessionStatus(world.status()).build()));
            if (benchmark) {
                stateManager.attach(new BenchmarkState(context, rig, launch.benchmarkSeconds(), this::benchmarkDone));
                title = "Benchmark";
            } else {
                ensemble.client.replay.ReplayWorld recording = (ensemble.client.replay.ReplayWorld) world;
                stateManager.attach(new ensemble.client.replay.ReplayState(recording, model, world.status().getTitle()));
                rig.placeEyes(0, 6f, 0, 0, 1.2f); // above the scene, looking down; fly with WASD
                title = world.status().getTitle();
            }
        } else {
            ConnectionState[] connection = new ConnectionState[1]; // the context sends through it
            context = new ClientContext(model, launch.xr() != null ? launch.xr().rig() : rig, message -> {
                if (connection[0].connection() != null) {
                    connection[0].connection().send(message);
                }
            }, spectator);
            connection[0] = new ConnectionState(context, launch.options(), this::firstWelcome);
            stateManager.attach(connection[0]);
            if (launch.xr() != null) {
                // A headset sends its poses every display frame, not only at the fixed input rate.
                launch.xr().rig().setOnPosesUpdated(() -> {
                    var live = connection[0].connection();
                    if (live != null) {
                        live.sendInputNow();
                    }
                });
            }
            title = "Joining " + s.session() + " as " + s.name();
        }
        if (launch.xr() != null) {
            launch.xr().attachSession(this, this::screenshotDue, this::stop);
        } else {
            DesktopInputState input = new DesktopInputState(rig, s.sensitivity(), s.snapTurn(), s.snapDegrees());
            input.setEnabled(false);
            stateManager.attach(input);
        }
        if (spectator && !benchmark) {
            SpectatorState spectate = new SpectatorState(context, rig);
            spectate.setEnabled(false);
            stateManager.attach(spectate);
        }
        stateManager.attach(new CameraState(rig, s.fovDegrees()));
        stateManager.attach(new SceneState(context));
        stateManager.attach(new AvatarState(context));
        if (!spectator) {
            InteractionState interaction = new InteractionState(context);
            interaction.setEnabled(false);
            stateManager.attach(interaction);
        }
        HudState hud = new HudState(context);
        ChatState chat = new ChatState(context);
        ParticipantListState list = new ParticipantListState(context);
        for (var state : new com.jme3.app.state.AppState[] {hud, chat, list}) {
            state.setEnabled(false);
            stateManager.attach(state);
        }
        stateManager.attach(new LoadingState(context, title, this::sceneReady));
        if (launch.xr() != null) {
            launch.xr().attachOverlays(this);
        } else if (launch.screenshot() != null) {
            stateManager.attach(new ScreenshotState(launch.screenshot(), this::screenshotDue, benchmark ? () -> { } : this::stop));
        }
    }

    /**
     * Places the person when first welcomed: at the configured start, else where the server put
     * them (the role's spawn point), else on a ring around the centre.
     */
    private void firstWelcome(Welcome welcome) {
        Bounds b = welcome.getSceneBounds();
        rig.setBounds(b.getMin().getX(), b.getMin().getY(), b.getMin().getZ(), b.getMax().getX(), b.getMax().getY(),
                b.getMax().getZ());
        if (launch.xr() != null) {
            launch.xr().setBounds(b.getMin().getX(), b.getMin().getZ(), b.getMax().getX(), b.getMax().getZ());
        }
        float[] start = launch.settings().start();
        if (start != null) {
            placeAt(start[0], start[1], (float) Math.toRadians(start[2]));
            return;
        }
        float cx = (b.getMin().getX() + b.getMax().getX()) / 2;
        float cz = (b.getMin().getZ() + b.getMax().getZ()) / 2;
        if (welcome.hasHead() && !rig.isFlying()) {
            float hx = welcome.getHead().getPosition().getX();
            float hz = welcome.getHead().getPosition().getZ();
            rig.placeAt(hx, hz, (float) Math.atan2(cx - hx, cz - hz)); // facing the centre
            return;
        }
        double angle = welcome.getParticipantIndex() * 0.9;
        float x = cx + (float) Math.cos(angle) * 1.5f;
        float z = cz + (float) Math.sin(angle) * 1.5f;
        placeAt(x, z, (float) Math.atan2(cx - x, cz - z)); // facing the centre
        if (rig.isFlying()) {
            rig.placeEyes(x, 3f, z, rig.yaw(), 0.3f);
        }
    }

    private void placeAt(float x, float z, float yaw) {
        rig.placeAt(x, z, yaw);
        if (launch.xr() != null) {
            launch.xr().placeAt(x, z, yaw);
        }
    }

    private void sceneReady() {
        ready = true;
        for (Class<? extends com.jme3.app.state.AppState> type : java.util.List.of(DesktopInputState.class,
                SpectatorState.class, InteractionState.class, HudState.class, ChatState.class, ParticipantListState.class)) {
            var state = stateManager.getState(type);
            if (state != null && launch.benchmarkSeconds() <= 0) {
                state.setEnabled(true);
            }
        }
        if (launch.benchmarkSeconds() > 0) {
            stateManager.getState(HudState.class).setEnabled(true);
        }
        System.out.println("scene ready: " + context.model().entities().size() + " entities, "
                + context.model().others().size() + " others");
    }

    @Override
    public void simpleUpdate(float tpf) {
        if (ready) {
            sinceReady += tpf;
            framesSinceReady++;
        }
    }

    /** A screenshot is due once the scene is up, has settled, and shows the awaited avatars (or after a timeout). */
    private boolean screenshotDue() {
        if (!ready || framesSinceReady < 20) {
            return false;
        }
        if (sinceReady > SCREENSHOT_TIMEOUT_SECONDS) {
            return true;
        }
        AvatarState avatars = stateManager.getState(AvatarState.class);
        long visible = avatars.views().values().stream().filter(v -> v.isVisible()).count();
        return visible >= launch.screenshotAvatars();
    }

    private void benchmarkDone(FrameTimes times) {
        benchmarkResult = times;
        stop();
    }

    @Override
    public void destroy() {
        try {
            super.destroy();
        } finally {
            exited.countDown();
        }
    }

    /** Blocks until the window has closed. */
    public void awaitExit() throws InterruptedException {
        exited.await();
    }

    /** The benchmark's frame times, once it finished (else null). */
    public FrameTimes benchmarkResult() {
        return benchmarkResult;
    }

    public ClientContext context() {
        return context;
    }

    public boolean isReady() {
        return ready;
    }
}
