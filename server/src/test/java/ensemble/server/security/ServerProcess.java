package ensemble.server.security;

import ensemble.server.ServerConfig;
import ensemble.server.testing.TestTls;
import ensemble.server.tls.TlsSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ensemble serve} in a JVM of its own, so that a test can read what the server process
 * really holds ({@code VmRSS} in {@code /proc/<pid>/status}) while it is attacked. The heap and
 * direct memory are capped as the launcher caps them; the embedded {@code redis-server} is a
 * child process of its own and not counted.
 */
final class ServerProcess implements AutoCloseable {
    /** Heap and direct-memory caps of the server JVM, MiB. */
    static final int HEAP_MIB = 256;
    static final int DIRECT_MIB = 128;
    /** Bearer token for {@code /metrics}. */
    static final String METRICS_TOKEN = "hostile-clients-metrics-token";

    private static final HttpClient HTTP = TestTls.httpClient().build();

    private final Process process;
    final int controlPort;
    final int httpPort;

    private ServerProcess(Process process, int controlPort, int httpPort) {
        this.process = process;
        this.controlPort = controlPort;
        this.httpPort = httpPort;
    }

    /** Starts a node on loopback with the given extra {@code serve} options; returns once it is healthy. */
    static ServerProcess start(Path dir, List<String> options) throws Exception {
        int control = freePort();
        int http = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + HEAP_MIB + "m",
                "-XX:MaxDirectMemorySize=" + DIRECT_MIB + "m", "-cp", System.getProperty("java.class.path"),
                "ensemble.server.cli.Main", "serve", "--bind", "127.0.0.1", "--port", Integer.toString(control),
                "--http-port", Integer.toString(http), "--data-dir", dir.resolve("data").toString(),
                "--console-password", ServerConfig.TEST_CONSOLE_PASSWORD,
                // The test certificate, so that test clients pin it (TestTls).
                "--tls-cert", TlsSettings.testIdentity().certFile().toString(),
                "--tls-key", TlsSettings.testIdentity().keyFile().toString()));
        command.addAll(options);
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        ServerProcess server = new ServerProcess(process, control, http);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("server.log")));
            }
            try {
                if (server.get("/healthz").statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("the server did not become healthy within 90 s");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(TestTls.https(httpPort, path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The resident set of the server JVM, KiB, from /proc. */
    long rssKib() throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
        Matcher m = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
        if (!m.find()) {
            throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
        }
        return Long.parseLong(m.group(1));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The sum of a Prometheus counter over the series whose labels contain {@code labelFilter}. */
    double counter(String name, String labelFilter) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(TestTls.https(httpPort, "/metrics"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + METRICS_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/metrics answered " + response.statusCode());
        }
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labelFilter)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
