package ensemble.server.node;

import ensemble.server.testing.TestTls;
import ensemble.server.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server node as a separate JVM ({@code ensemble.server.cli.Main serve}) on fresh ports, with
 * its output in {@code <id>.log}: what the multi-node tests kill with SIGKILL.
 */
final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = TestTls.httpClient().build();

    private final String id;
    private final int controlPort;
    private final int httpPort;
    private final Process process;
    private final Path log;

    private NodeProcess(String id, int controlPort, int httpPort, Process process, Path log) {
        this.id = id;
        this.controlPort = controlPort;
        this.httpPort = httpPort;
        this.process = process;
        this.log = log;
    }

    /** Starts node {@code id} on free ports; {@link #awaitUp} waits until it answers. */
    static NodeProcess start(String id, String redisUrl, String secret, Path catalog, Path dir, String consolePassword,
            String... moreOptions) {
        int control = freePort();
        int http = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "ensemble.server.cli.Main", "serve", "--bind", "127.0.0.1", "--port", Integer.toString(control),
                "--http-port", Integer.toString(http), "--redis", redisUrl, "--node-id", id, "--secret", secret,
                "--scenarios", catalog.toString(), "--data-dir", dir.resolve(id).toString(),
                "--console-password", consolePassword,
                // Nodes of one deployment share a certificate, so a pin holds across a failover.
                "--tls-cert", TlsSettings.testIdentity().certFile().toString(),
                "--tls-key", TlsSettings.testIdentity().keyFile().toString()));
        command.addAll(List.of(moreOptions));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile()).start();
            return new NodeProcess(id, control, http, process, dir.resolve(id + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /healthz} says up; fails with the node's id after {@code seconds}. */
    NodeProcess awaitUp(long seconds) throws InterruptedException {
        NodesOnRedis.eventually("node " + id + " answers", seconds, () -> healthy());
        return this;
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new AssertionError("node " + id + " exited with " + process.exitValue());
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    TestTls.https(httpPort, "/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && NodesOnRedis.JSON.readTree(response.body()).path("status").asText().equals("up");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String id() {
        return id;
    }

    int controlPort() {
        return controlPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** Where clients reach it ("host:port"), as the node advertises itself. */
    String endpoint() {
        return "127.0.0.1:" + controlPort;
    }

    /** SIGKILL, as a crashed machine or an evicted pod. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stopping a pod: the node stops gracefully. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** What the node logged so far. */
    String output() throws IOException {
        return java.nio.file.Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
