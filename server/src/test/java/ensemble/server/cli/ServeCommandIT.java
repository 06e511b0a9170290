package ensemble.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.net.ServerTrust;
import ensemble.server.ServerConfig;
import ensemble.server.store.EmbeddedRedis;
import ensemble.server.testing.Http;
import ensemble.server.tls.CertificateFiles;
import ensemble.server.tls.GeneratedCertificate;
import ensemble.server.tls.ServerIdentity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        Process process = serve(httpPort, dataDir, ProcessBuilder.Redirect.DISCARD, "--redis-binary", "SHIPPED").start();
        try {
            String banner = banner(process);
            assertTrue(banner.contains("clients connect to"), banner);
            assertTrue(banner.contains("console             https://127.0.0.1:" + httpPort + "/"), banner);
            // The self-signed certificate made in the data directory; the banner prints its pin.
            ServerTrust trust = ServerTrust.pinned(pin(banner));
            Path key = dataDir.resolve("tls").resolve(GeneratedCertificate.KEY_FILE);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            assertEquals(trust.pin(), ServerIdentity.read(new CertificateFiles(dataDir.resolve("tls")
                    .resolve(GeneratedCertificate.CERT_FILE), key)).pin());
            assertEquals("up", Http.json(Http.get(trust, httpPort, "/healthz")).path("redis").path("status").asText());

            // The generated console password is in an owner-only file whose path is printed, not on stdout.
            Path passwordFile = dataDir.resolve(ServeCommand.CONSOLE_PASSWORD_FILE);
            String password = Files.readString(passwordFile).strip();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            assertTrue(banner.contains("password in " + passwordFile), banner);
            assertFalse(banner.contains(password), "the password itself is not printed");
            assertEquals(200, Http.get(trust, httpPort, "/api/sessions", "Basic " + Base64.getEncoder().encodeToString(
                    ("facilitator:" + password).getBytes(StandardCharsets.UTF_8))).statusCode(), "and it logs in");
            String redisPassword = Files.readAllLines(dataDir.resolve("redis/ensemble-redis.conf")).get(0)
                    .substring("requirepass ".length());
            assertFalse(banner.contains(redisPassword), banner);
            assertFalse(Http.get(trust, httpPort, "/healthz").body().contains(redisPassword));

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

    @Test
    void aRedisPasswordFromAFileNeverShowsInBannerHealthOrLog(@TempDir Path dataDir, @TempDir Path redisDir)
            throws Exception {
        // A password-protected redis-server: the embedded one makes its own random password.
        try (EmbeddedRedis external = EmbeddedRedis.start(redisDir, ServerConfig.RedisBinary.AUTO)) {
            String password = external.url().getUserInfo().substring(1);
            Path passwordFile = Files.writeString(dataDir.resolve("redis-password"), password + "\n");
            Path secretFile = Files.writeString(dataDir.resolve("secret"), "s".repeat(40) + "\n");
            Path log = dataDir.resolve("server.log");
            int httpPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                httpPort = socket.getLocalPort();
            }
            ProcessBuilder builder = serve(httpPort, dataDir, ProcessBuilder.Redirect.to(log.toFile()),
                    "--redis", "redis://127.0.0.1:" + external.port(), "--redis-password-file", passwordFile.toString(),
                    "--secret-file", secretFile.toString(), "--console-password-file", secretFile.toString());
            builder.environment().put("ENSEMBLE_TEST_LOG_LEVEL", "DEBUG"); // every line the server logs
            Process process = builder.start();
            try {
                String banner = banner(process);
                assertTrue(banner.contains("redis://:***@127.0.0.1:" + external.port()), banner);
                assertTrue(banner.contains("(configured password)"), banner);
                ServerTrust trust = ServerTrust.pinned(pin(banner));
                String health = Http.get(trust, httpPort, "/healthz").body();
                assertEquals("up", Http.json(Http.get(trust, httpPort, "/healthz")).path("redis").path("status").asText(),
                        health);
                assertFalse(health.contains(password), health);
                assertFalse(banner.contains(password), banner);
                process.destroy();
                assertTrue(process.waitFor(20, TimeUnit.SECONDS), "server exits after SIGTERM");
                String logged = Files.readString(log);
                assertTrue(logged.contains("using Redis at redis://:***@127.0.0.1:" + external.port()), logged);
                assertFalse(logged.contains(password), "the password is not logged");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static ProcessBuilder serve(int httpPort, Path dataDir, ProcessBuilder.Redirect stderr, String... more) {
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "ensemble.server.cli.Main", "serve", "--bind", "127.0.0.1",
                "--port", "0", "--http-port", Integer.toString(httpPort), "--data-dir", dataDir.toString()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectError(stderr);
    }

    /** The certificate pin the banner prints. */
    private static String pin(String banner) {
        Matcher line = Pattern.compile("certificate pin +(\\S+)").matcher(banner);
        assertTrue(line.find(), banner);
        return line.group(1);
    }

    /** What {@code serve} prints up to "Press Ctrl-C". */
    private static String banner(Process process) throws java.io.IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder banner = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl-C")) {
            banner.append(line).append('\n');
        }
        return banner.toString();
    }
}
