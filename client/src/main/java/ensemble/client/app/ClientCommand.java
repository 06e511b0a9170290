package ensemble.client.app;

import ensemble.client.cli.TrustOptions;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.SessionLocator;
import ensemble.client.xr.XrMode;
import ensemble.client.xr.XrRuntime;
import ensemble.client.xr.XrStart;
import ensemble.v1.ClientKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ensemble client}: the desktop client window (or its benchmark). */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Open the desktop client: join a session, see the team, act on the shared scene.")
public final class ClientCommand implements Callable<Integer> {
    @Option(names = "--server", description = "Server control endpoint HOST:PORT (default localhost:7777).")
    String server;

    @Option(names = "--session", description = "Session id to join.")
    String session;

    @Option(names = "--name", description = "Your display name.")
    String name;

    @Option(names = "--role", description = "Role to join as (default: the scenario's first role).")
    String role;

    @Option(names = "--token", description = "Join token (from a join link); without it one is requested from the API.")
    String token;

    @Option(names = "--api", description = "Server HTTP API base URL (default https://HOST:8080).")
    String api;

    @Mixin
    TrustOptions tls = new TrustOptions();

    @Option(names = "--user", defaultValue = "${env:ENSEMBLE_CONSOLE_USER:-facilitator}",
            description = "Facilitator user for the API when no --token is given (env ENSEMBLE_CONSOLE_USER).")
    String user;

    @Option(names = "--password", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD}",
            description = "Facilitator password for the API when no --token is given (env ENSEMBLE_CONSOLE_PASSWORD).")
    String password;

    @Option(names = "--password-file", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD_FILE:-.ensemble/console-password}",
            description = "File holding the facilitator password, read when no --password is given (env "
                    + "ENSEMBLE_CONSOLE_PASSWORD_FILE, default ${DEFAULT-VALUE}: what a local `serve` writes).")
    java.nio.file.Path passwordFile;

    @Option(names = "--spectate", negatable = true, description = "Join as a spectator: free flight, follow anyone (F).")
    Boolean spectate;

    @Option(names = "--config", description = "Settings file (key = value; keys as these options without dashes).")
    Path config;

    @Option(names = "--width", description = "Window width in pixels (default 1280).")
    Integer width;

    @Option(names = "--height", description = "Window height in pixels (default 720).")
    Integer height;

    @Option(names = "--fullscreen", negatable = true, description = "Use the whole screen.")
    Boolean fullscreen;

    @Option(names = "--vsync", negatable = true, description = "Wait for the display refresh (default on).")
    Boolean vsync;

    @Option(names = "--sensitivity", description = "Mouse sensitivity (default 1).")
    Float sensitivity;

    @Option(names = "--snap-turn", negatable = true, description = "Comfort: turn in steps instead of smoothly.")
    Boolean snapTurn;

    @Option(names = "--snap-degrees", description = "Size of a snap turn in degrees (default 30).")
    Float snapDegrees;

    @Option(names = "--fov", description = "Vertical field of view in degrees (default 70).")
    Float fov;

    @Option(names = "--start", description = "Where to stand when joining: X,Z,YAW (metres, metres, degrees).")
    String start;

    @Option(names = "--assets", description = "Folder that entities' glTF model paths are relative to.")
    Path assets;

    @Option(names = "--benchmark", description = "Fly a fixed camera path past 16 avatars and print frame-time percentiles.")
    boolean benchmark;

    @Option(names = "--benchmark-seconds", defaultValue = "20", description = "Measured time of the benchmark (default ${DEFAULT-VALUE}).")
    float benchmarkSeconds;

    @Option(names = "--screenshot", description = "Save a PNG once the scene and the team are in view, then quit.")
    Path screenshot;

    @Option(names = "--screenshot-avatars", defaultValue = "1",
            description = "With --screenshot: wait until this many other avatars are in view (default ${DEFAULT-VALUE}).")
    int screenshotAvatars;

    @Option(names = "--xr", description = "Use an OpenXR headset (SteamVR, Monado, Quest Link, ...); see docs/vr.md.")
    boolean xr;

    @Option(names = "--xr-fallback", defaultValue = "ask",
            description = "Without a runtime or headset: ask (on a terminal), desktop, or exit (default ${DEFAULT-VALUE}).")
    String xrFallback;

    @Option(names = "--join", description = "A join link from the console (ensemble://HOST:PORT/sessions/ID?token=T);"
            + " sets --server, --session and --token.")
    String join;

    @Option(names = "--replay", description = "Replay a recorded session: a recording FILE (from the console's review"
            + " page), or a SESSION id whose recording is fetched from the API (with --password).")
    String replay;

    @Option(names = "--benchmark-scenario", defaultValue = "office-fire-evacuation",
            description = "Catalogue scenario whose scene the benchmark flies through (default ${DEFAULT-VALUE}).")
    String benchmarkScenario;

    @Option(names = "--scenarios", defaultValue = "${env:ENSEMBLE_SCENARIOS:-scenarios/catalog}",
            description = "Scenario catalogue directory, for the benchmark (env ENSEMBLE_SCENARIOS, default ${DEFAULT-VALUE}).")
    java.nio.file.Path scenarios;

    @Option(names = "--tcp-only", description = "Do not use the UDP state channel.")
    boolean tcpOnly;

    @Option(names = "--bootstrap", split = ",", paramLabel = "HOST:PORT",
            description = "Well-known addresses of the deployment (e.g. a Kubernetes Service) to ask for the session"
                    + " when its node is lost, besides the nodes the client learned; comma-separated.")
    java.util.List<String> bootstrap = java.util.List.of();

    @Option(names = "--loss", defaultValue = "0", description = "Drop this share of state datagrams on purpose (testing).")
    double loss;

    /** The pin of the --join link, used when no --pin is given. */
    private String linkPin;

    @Override
    public Integer call() throws Exception {
        try {
            SessionLocator.requireAddresses(bootstrap);
        } catch (IllegalArgumentException e) {
            System.err.println("error: --bootstrap: " + e.getMessage());
            return 2;
        }
        if (join != null) {
            try {
                JoinLink link = JoinLink.parse(join);
                server = server != null ? server : link.server();
                session = session != null ? session : link.session();
                token = token != null ? token : link.token();
                linkPin = link.pin();
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }
        ClientSettings settings;
        try {
            settings = ClientSettings.from(merged());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        ConnectionOptions options = null;
        OfflineWorld offline = null;
        if (replay != null) {
            if (benchmark || xr) {
                System.err.println("error: --replay does not combine with --benchmark or --xr");
                return 2;
            }
            try {
                offline = new ensemble.client.replay.ReplayWorld(ensemble.client.replay.RecordingReader.read(
                        recordingBytes(settings)), System::currentTimeMillis);
            } catch (Exception e) {
                System.err.println("error: cannot replay " + replay + ": " + e.getMessage());
                return 1;
            }
        } else if (benchmark) {
            offline = benchmarkWorld();
        }
        if (!benchmark && replay == null) {
            if (settings.session() == null) {
                System.err.println("error: --session is required (or `session` in the config file)");
                return 2;
            }
            String joinToken = settings.token();
            if (joinToken == null) {
                try {
                    joinToken = requestToken(settings);
                } catch (Exception e) {
                    System.err.println("error: cannot get a join token from " + settings.api() + ": " + e.getMessage());
                    return 1;
                }
            }
            options = ConnectionOptions.of(settings.host(), settings.port(), joinToken, settings.name(),
                    settings.spectate() ? ClientKind.CLIENT_KIND_SPECTATOR : ClientKind.CLIENT_KIND_DESKTOP)
                    .withUdp(!tcpOnly).withLoss(loss).withBootstrap(bootstrap).withTrust(settings.trust());
        }
        XrMode headset = null;
        if (xr) {
            if (benchmark || settings.spectate()) {
                System.err.println("error: --xr joins as a participant; it does not combine with --benchmark or --spectate");
                return 2;
            }
            XrStart.Choice choice;
            try {
                choice = XrStart.choose(XrRuntime::open, XrStart.parse(xrFallback), System.console() == null ? null
                        : new java.io.BufferedReader(System.console().reader()), System.out);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
            if (choice instanceof XrStart.Quit) {
                return 1;
            }
            if (choice instanceof XrStart.Headset h) {
                headset = new XrMode(h.runtime(), settings.snapDegrees(), screenshot);
                options = ConnectionOptions.of(settings.host(), settings.port(), options.joinToken(), settings.name(),
                        ClientKind.CLIENT_KIND_XR).withUdp(!tcpOnly).withLoss(loss).withBootstrap(bootstrap)
                        .withTrust(settings.trust());
            }
        }
        ClientApp app = new ClientApp(new ClientApp.Launch(settings, options, screenshot, screenshotAvatars,
                benchmark ? Math.max(1, benchmarkSeconds) : 0, headset, offline));
        app.start();
        app.awaitExit();
        if (benchmark) {
            if (app.benchmarkResult() == null) {
                System.err.println("error: the benchmark did not finish (window closed early?)");
                return 1;
            }
            System.out.print(app.benchmarkResult().report(String.format("client benchmark: %dx%d, 16 avatars, %s, %s",
                    settings.width(), settings.height(), offline.status().getTitle(), System.getProperty("os.arch"))));
        }
        return screenshot != null && !app.isReady() ? 1 : 0;
    }

    /** Defaults, then the config file, then the options given on the command line. */
    Map<String, String> merged() throws java.io.IOException {
        Map<String, String> values = ClientSettings.defaults();
        if (benchmark) {
            values.put("vsync", "false");
        }
        if (config != null) {
            values.putAll(ClientSettings.readConfig(config));
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("server", server);
        given.put("session", session);
        given.put("name", name);
        given.put("role", role);
        given.put("token", token);
        given.put("api", api);
        given.put("spectate", spectate);
        given.put("width", width);
        given.put("height", height);
        given.put("fullscreen", fullscreen);
        given.put("vsync", vsync);
        given.put("sensitivity", sensitivity);
        given.put("snap-turn", snapTurn);
        given.put("snap-degrees", snapDegrees);
        given.put("fov", fov);
        given.put("start", start);
        given.put("assets", assets);
        given.put("pin", tls.pin() != null ? tls.pin() : linkPin);
        given.put("tls-ca", tls.tlsCa());
        given.put("no-tls", tls.noTls() ? Boolean.TRUE : null);
        given.forEach((k, v) -> {
            if (v != null) {
                values.put(k, v.toString());
            }
        });
        return values;
    }

    /** The benchmark's world: 16 walkers in a catalogue scenario's scene, or the built-in room without one. */
    private OfflineWorld benchmarkWorld() {
        java.nio.file.Path folder = scenarios.resolve(benchmarkScenario);
        var load = new ensemble.scenario.catalog.Catalog().loadFolder(folder);
        if (load instanceof ensemble.scenario.catalog.FolderLoad.Valid valid) {
            return new ensemble.client.bench.SyntheticWorld(16, System::currentTimeMillis,
                    ensemble.client.bench.ScenarioLayout.status(valid.scenario()));
        }
        System.err.println("note: no valid scenario at " + folder + "; the benchmark uses its built-in room");
        return new ensemble.client.bench.SyntheticWorld(16, System::currentTimeMillis);
    }

    /** The recording to replay: a file, or the session's recording from the API. */
    private byte[] recordingBytes(ClientSettings settings) throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(replay);
        if (java.nio.file.Files.isRegularFile(file)) {
            return java.nio.file.Files.readAllBytes(file);
        }
        return ensemble.client.net.JoinTokens.download(settings.trust(), settings.api(), "/api/sessions/" + replay
                + "/recording", user, ensemble.client.net.JoinTokens.password(password, passwordFile));
    }

    private String requestToken(ClientSettings settings) throws Exception {
        return ensemble.client.net.JoinTokens.request(settings.trust(), settings.api(), settings.session(),
                settings.spectate() ? "spectator" : settings.role(), user,
                ensemble.client.net.JoinTokens.password(password, passwordFile));
    }
}
