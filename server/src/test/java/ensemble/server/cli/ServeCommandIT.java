package ensemble.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.testing.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `serve` as a separate process: it says where to connect, answers health, and SIGTERM stops it cleanly. */
class ServeCommandIT {

    @Test
    void serveStartsAndSigtermLeavesNoRedisChild(@TempDir Path dataDir) throws Exception {
        int httpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "ensemble.server.cli.Main", "serve", "--bind", "127.0.0.1", "--port", "0",
                "--http-port", Integer.toString(httpPort), "--data-dir", dataDir.toString(),
                "--redis-binary", "SHIPPED")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder banner = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl-C")) {
                banner.append(line).append('\n');
            }
            assertTrue(banner.toString().contains("clients connect to"), banner.toString());
            assertTrue(banner.toString().contains("console             http://127.0.0.1:" + httpPort + "/"), banner.toString());
            assertEquals("up", Http.json(Http.get(httpPort, "/healthz")).path("redis").path("status").asText());

            List<ProcessHandle> redis = process.descendants()
                    .filter(p -> p.info().command().orElse("").contains("redis-server")).collect(Collectors.toList());
            assertEquals(1, redis.size(), "exactly one redis-server child");

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "server exits after SIGTERM");
            for (ProcessHandle child : redis) {
                child.onExit().get(5, TimeUnit.SECONDS);
                assertFalse(child.isAlive(), "redis-server child is gone");
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
