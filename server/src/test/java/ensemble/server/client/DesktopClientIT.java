package ensemble.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.TokenSigner;
import ensemble.server.testing.TestClient;
import ensemble.server.world.Scene;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop client's rendering path end to end: the real server, a participant standing still
 * three metres in front of where the client joins, and the real client window in a child process
 * under Xvfb with Mesa's software renderer. The client saves a screenshot once the scene is built
 * and the avatar is in view; the test checks the pixels: the layout's sky, a lit floor, and the
 * participant's role colour where its head projects. Kept as {@code target/artifacts/}.
 *
 * <p>Needs {@code xvfb-run} and Mesa ({@code ./ensemble test} installs them); without them it fails
 * rather than skips, so a machine that cannot render cannot pass.
 */
class DesktopClientIT {
    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    static final float FOV_DEGREES = 70;
    /** Where the client stands (eyes at 1.65 m) looking along -Z, and where the other head is. */
    static final float CAMERA_Z = 3f;
    static final float EYE_Y = 1.65f;
    static final float HEAD_Y = 1.6f;
    static final Path ARTIFACTS = Path.of("target", "artifacts");

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
    void clientWindowDrawsTheSceneAndTheTeam() throws Exception {
        assertTrue(onPath("xvfb-run"), "xvfb-run is missing: install xvfb and libgl1-mesa-dri (./ensemble test does)");
        Session session = server.sessions().create(Scene.testRoom(4, 8), null);
        String botToken = server.sessions().context().signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 600);
        String clientToken = server.sessions().context().signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 600);
        try (TestClient bot = new TestClient(group, TestClient.options(server.controlPort(), botToken, "Standing Bot"))) {
            bot.awaitWelcome();
            bot.setHead(0, HEAD_Y, 0);
            bot.setLeftHand(-0.3f, 1.1f, 0.2f);
            bot.setRightHand(0.3f, 1.1f, 0.2f);
            Thread.sleep(500); // the server moves the bot from its spawn point to here

            Files.createDirectories(ARTIFACTS);
            Path screenshot = ARTIFACTS.resolve("desktop-client.png").toAbsolutePath();
            Path log = ARTIFACTS.resolve("desktop-client.log").toAbsolutePath();
            Files.deleteIfExists(screenshot);
            List<String> command = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 " + WIDTH + "x" + HEIGHT + "x24",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-ea",
                    "-cp", System.getProperty("java.class.path"), "ensemble.client.cli.Main", "client",
                    "--server", "127.0.0.1:" + server.controlPort(), "--session", session.id(), "--token", clientToken,
                    "--pin", ensemble.server.testing.TestTls.PIN,
                    "--name", "Viewer", "--width", String.valueOf(WIDTH), "--height", String.valueOf(HEIGHT),
                    "--fov", String.valueOf(FOV_DEGREES), "--start", "0," + CAMERA_Z + ",180", "--no-vsync",
                    "--screenshot", screenshot.toString(), "--screenshot-avatars", "1"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = process.waitFor(150, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String output = Files.readString(log);
            assertTrue(finished, "the client did not finish within 150 s; log:\n" + output);
            assertEquals(0, process.exitValue(), "client exit code; log:\n" + output);
            assertTrue(output.contains("scene ready"), "the client built the scene; log:\n" + output);
            assertTrue(Files.exists(screenshot), "screenshot written; log:\n" + output);

            BufferedImage image = ImageIO.read(screenshot.toFile());
            assertEquals(WIDTH, image.getWidth());
            assertEquals(HEIGHT, image.getHeight());
            // sky: the layout's sky colour (#b8d4f0) is the background above the walls' reach
            int[] sky = rgb(image.getRGB(WIDTH / 2, 12 + HEIGHT / 8));
            assertTrue(near(sky, 0xb8, 0xd4, 0xf0, 14), "sky colour at the top: " + describe(sky));
            // floor: lit grey between the client and the bot (dark or sky-coloured means nothing was drawn)
            int[] floor = rgb(image.getRGB(WIDTH / 2, HEIGHT - 25));
            assertTrue(floor[0] > 50 && Math.abs(floor[0] - floor[1]) < 30 && Math.abs(floor[1] - floor[2]) < 30
                    && !near(floor, 0xb8, 0xd4, 0xf0, 14), "lit grey floor at the bottom: " + describe(floor));
            // the bot's head, in the role colour #3080ff, where it projects (below the visor)
            int[] head = project(0, HEAD_Y - 0.06f, 0);
            int blue = countRoleColour(image, head[0] - 5, head[1] - 3, head[0] + 5, head[1] + 3);
            assertTrue(blue >= 40, "role colour where the bot's head projects (" + head[0] + "," + head[1] + "): "
                    + blue + " of 77 pixels; centre " + describe(rgb(image.getRGB(head[0], head[1]))));
            // and not where nobody stands
            int[] empty = project(2.2f, HEAD_Y, 0);
            assertEquals(0, countRoleColour(image, empty[0] - 5, empty[1] - 3, empty[0] + 5, empty[1] + 3),
                    "no role colour 2.2 m to the side of the bot");
        }
    }

    /** Screen pixel (x right, y down) of a world point, for the client's camera at (0, 1.65, 3) looking along -Z. */
    static int[] project(float x, float y, float z) {
        double f = (HEIGHT / 2.0) / Math.tan(Math.toRadians(FOV_DEGREES / 2));
        double depth = CAMERA_Z - z;
        return new int[] {(int) Math.round(WIDTH / 2.0 + x / depth * f), (int) Math.round(HEIGHT / 2.0 - (y - EYE_Y) / depth * f)};
    }

    /** Pixels in the box whose colour is the role's blue under any reasonable lighting. */
    static int countRoleColour(BufferedImage image, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int[] c = rgb(image.getRGB(x, y));
                if (c[2] > 90 && c[2] > 2.5 * c[0] && c[2] > 1.4 * c[1]) {
                    n++;
                }
            }
        }
        return n;
    }

    static int[] rgb(int argb) {
        return new int[] {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
    }

    static boolean near(int[] c, int r, int g, int b, int tolerance) {
        return Math.abs(c[0] - r) <= tolerance && Math.abs(c[1] - g) <= tolerance && Math.abs(c[2] - b) <= tolerance;
    }

    static String describe(int[] c) {
        return String.format("#%02x%02x%02x", c[0], c[1], c[2]);
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
