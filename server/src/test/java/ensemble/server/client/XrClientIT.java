package ensemble.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.PoseQuantizer;
import ensemble.proto.snapshot.Frame;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.TokenSigner;
import ensemble.server.testing.TestClient;
import ensemble.server.world.Scene;
import ensemble.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headset mode end to end against a real OpenXR runtime: the real server, a participant
 * standing in view, and {@code ensemble client --xr} in a child process under Xvfb/Mesa. The
 * session must reach FOCUSED and submit frames; both eyes' images (saved under
 * {@code target/artifacts/xr-client-left.png} and {@code -right.png}) must show the scene and
 * differ from each other; and the server must relay the headset user's head and hands to the other
 * participant.
 *
 * <p>Runs whenever {@code XR_RUNTIME_JSON} names a runtime manifest (for example Monado built with
 * its simulated headset and null compositor; docs/vr.md says how). Without one it is reported as
 * not run, by name, with the reason: no machine here has a headset, and a runtime cannot be
 * installed from this project's package sources.
 */
class XrClientIT {
    static final Path ARTIFACTS = Path.of("target", "artifacts");
    static final float CLIENT_Z = 3f;

    @TempDir
    static Path dataDir;
    static EnsembleServer server;
    static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void headsetSessionRendersBothEyesAndSendsPoses() throws Exception {
        String manifest = System.getenv("XR_RUNTIME_JSON");
        boolean runtime = manifest != null && Files.isRegularFile(Path.of(manifest));
        if (!runtime) {
            String why = "XrClientIT.headsetSessionRendersBothEyesAndSendsPoses DID NOT RUN: "
                    + (manifest == null ? "XR_RUNTIME_JSON is not set" : "XR_RUNTIME_JSON names no file (" + manifest + ")")
                    + "; point it at an OpenXR runtime manifest (e.g. Monado's openxr_monado-dev.json, see docs/vr.md)";
            System.out.println(why);
            Assumptions.abort(why);
        }
        assertTrue(DesktopClientIT.onPath("xvfb-run"), "xvfb-run is missing: install xvfb and libgl1-mesa-dri");
        Session session = server.sessions().create(Scene.testRoom(4, 8), null);
        String botToken = server.sessions().context().signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 600);
        String clientToken = server.sessions().context().signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 600);
        try (TestClient bot = new TestClient(group, TestClient.options(server.controlPort(), botToken, "Standing Bot"))) {
            Welcome botWelcome = bot.awaitWelcome();
            bot.setHead(0, 1.6f, 0);
            bot.setLeftHand(-0.3f, 1.1f, 0.2f);
            bot.setRightHand(0.3f, 1.1f, 0.2f);
            Thread.sleep(500);

            Files.createDirectories(ARTIFACTS);
            Path images = ARTIFACTS.resolve("xr-client.png").toAbsolutePath();
            Path left = ARTIFACTS.resolve("xr-client-left.png");
            Path right = ARTIFACTS.resolve("xr-client-right.png");
            Files.deleteIfExists(left);
            Files.deleteIfExists(right);
            Path log = ARTIFACTS.resolve("xr-client.log").toAbsolutePath();
            List<String> command = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x720x24",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-ea",
                    "-cp", System.getProperty("java.class.path"), "ensemble.client.cli.Main", "client", "--xr",
                    "--xr-fallback", "exit", "--server", "127.0.0.1:" + server.controlPort(), "--session", session.id(),
                    "--token", clientToken, "--pin", ensemble.server.testing.TestTls.PIN, "--name", "Headset", "--start", "0," + CLIENT_Z + ",180",
                    "--screenshot", images.toString(), "--screenshot-avatars", "1"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // Monado's simulated headset and null compositor; other runtimes ignore these.
            env.putIfAbsent("SIMULATED_ENABLE", "1");
            env.putIfAbsent("XRT_COMPOSITOR_NULL", "1");
            env.putIfAbsent("SIMULATED_LEFT", "simple");
            env.putIfAbsent("SIMULATED_RIGHT", "simple");
            Process process = builder.start();

            // While it runs, watch what the server relays to the bot about the headset user.
            PoseQuantizer q = bot.connection().quantizer();
            float[] seenHead = null;
            float[] seenLeft = null;
            float[] seenRight = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (process.isAlive() && System.nanoTime() < deadline) {
                Frame frame = bot.newestFrame();
                for (int slot = 0; slot < frame.avatarCount(); slot++) {
                    if (frame.avatarId(slot) != botWelcome.getParticipantIndex()) {
                        seenHead = position(frame, slot, Frame.HEAD, q);
                        seenLeft = position(frame, slot, Frame.LEFT_HAND, q);
                        seenRight = position(frame, slot, Frame.RIGHT_HAND, q);
                    }
                }
                Thread.sleep(100);
            }
            boolean finished = process.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L), TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String output = Files.readString(log);
            assertTrue(finished, "the XR client did not finish within 240 s; log:\n" + output);
            assertEquals(0, process.exitValue(), "XR client exit code; log:\n" + output);
            assertTrue(output.contains("xr: session FOCUSED"), "the session reached FOCUSED; log:\n" + output);
            assertTrue(output.contains("xr: frames submitted"), "frames were submitted; log:\n" + output);
            assertTrue(Files.exists(left) && Files.exists(right), "both eye images saved; log:\n" + output);

            BufferedImage l = ImageIO.read(left.toFile());
            BufferedImage r = ImageIO.read(right.toFile());
            assertEquals(l.getWidth(), r.getWidth());
            assertEquals(l.getHeight(), r.getHeight());
            int sky = skyPixels(l);
            int total = l.getWidth() * l.getHeight();
            assertTrue(sky > total / 20 && sky < total * 19 / 20, "the left eye shows the sky and the scene below it: "
                    + sky + " of " + total + " pixels are sky");
            double[] cl = roleCentroid(l);
            double[] cr = roleCentroid(r);
            assertTrue(cl != null && cr != null, "both eyes see the standing participant (role colour)");
            double differing = differingShare(l, r);
            System.out.printf("XrClientIT: eyes %dx%d, %.2f%% of pixels differ; participant at x=%.1f (left eye), %.1f (right eye)%n",
                    l.getWidth(), l.getHeight(), differing * 100, cl[0], cr[0]);
            assertTrue(differing > 0.0005, "the eyes see from different places: " + differing * 100 + "% of pixels differ");
            assertTrue(cl[0] - cr[0] > 0.5, "parallax: the participant ahead appears further right to the left eye ("
                    + cl[0] + " vs " + cr[0] + ")");

            assertTrue(seenHead != null, "the server relayed the headset user's avatar to the bot; log:\n" + output);
            System.out.printf("XrClientIT: server relayed head (%.2f, %.2f, %.2f), left (%.2f, %.2f, %.2f), right (%.2f, %.2f, %.2f)%n",
                    seenHead[0], seenHead[1], seenHead[2], seenLeft[0], seenLeft[1], seenLeft[2], seenRight[0], seenRight[1],
                    seenRight[2]);
            assertTrue(seenHead[1] > 0.8f && seenHead[1] < 2.3f, "head at a standing person's height: " + seenHead[1]);
            assertTrue(Math.abs(seenHead[2] - CLIENT_Z) < 1.0f, "head where the client joined (z = 3): " + seenHead[2]);
            assertTrue(dist(seenHead, seenLeft) < 1.1f && dist(seenHead, seenRight) < 1.1f, "hands within reach of the head");
            // tracked controllers, not hands parked at the server's reach limit: apart, left to the left
            assertTrue(dist(seenLeft, seenRight) > 0.1f, "the two hands are tracked apart");
            assertTrue(seenLeft[0] < seenRight[0], "facing -Z, the left hand is at smaller x than the right");
        }
    }

    static float[] position(Frame frame, int slot, int pose, PoseQuantizer q) {
        return new float[] {q.dequantizeX(frame.avatarPosition(slot, pose, 0)), q.dequantizeY(frame.avatarPosition(slot, pose, 1)),
            q.dequantizeZ(frame.avatarPosition(slot, pose, 2))};
    }

    static float dist(float[] a, float[] b) {
        float dx = a[0] - b[0];
        float dy = a[1] - b[1];
        float dz = a[2] - b[2];
        return (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Pixels of the layout's sky colour (#b8d4f0). */
    static int skyPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += DesktopClientIT.near(DesktopClientIT.rgb(image.getRGB(x, y)), 0xb8, 0xd4, 0xf0, 14) ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Mean position of the role's blue in the upper 60% of the image (the standing participant; the
     * headset user's own hands, in the same colour, are held lower), or null when it is not there.
     */
    static double[] roleCentroid(BufferedImage image) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight() * 6 / 10; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (DesktopClientIT.countRoleColour(image, x, y, x, y) == 1) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return n < 3 ? null : new double[] {sx / n, sy / n};
    }

    static double differingShare(BufferedImage a, BufferedImage b) {
        long differ = 0;
        long total = 0;
        for (int y = 0; y < a.getHeight(); y += 2) {
            for (int x = 0; x < a.getWidth(); x += 2) {
                int[] ca = DesktopClientIT.rgb(a.getRGB(x, y));
                int[] cb = DesktopClientIT.rgb(b.getRGB(x, y));
                if (Math.abs(ca[0] - cb[0]) + Math.abs(ca[1] - cb[1]) + Math.abs(ca[2] - cb[2]) > 24) {
                    differ++;
                }
                total++;
            }
        }
        return (double) differ / total;
    }
}
