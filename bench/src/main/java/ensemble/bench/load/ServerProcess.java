package ensemble.bench.load;

import ensemble.bench.server.BenchServer;
import ensemble.client.net.JoinTokens;
import ensemble.client.net.ServerTrust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server JVM of a workload: a child process running {@link BenchServer} with this JVM's
 * class path, its GC log in a temporary file. Talks to it through its stdin/stdout line protocol,
 * its HTTP {@code /metrics} and {@code /proc} (CPU time). Not thread-safe.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final HttpClient http;
    /** The server's TLS certificate pin, from its ready line: clients and the scrape pin it. */
    private final ServerTrust trust;
    private final Path gcLog;
    /** Bearer token the server JVM reads /metrics with (handed over in its environment). */
    private final String metricsToken;
    private final int controlPort;
    private final int httpPort;

    private ServerProcess(Process process, Path gcLog, String metricsToken) throws IOException {
        this.metricsToken = metricsToken;
        this.process = process;
        this.gcLog = gcLog;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready;
        while ((ready = out.readLine()) != null && !ready.startsWith("ready ")) {
            // log lines before the ready line are not ours to parse
        }
        if (ready == null) {
            throw new IOException("the server JVM exited before it was ready (exit " + exitCode() + "); see its log");
        }
        this.controlPort = Integer.parseInt(field(ready, "control"));
        this.httpPort = Integer.parseInt(field(ready, "http"));
        this.trust = ServerTrust.pinned(field(ready, "pin"));
        this.http = JoinTokens.client(trust);
    }

    /** Starts a server JVM with {@code tickThreads} tick threads; returns once it listens. */
    public static ServerProcess start(int tickThreads) throws IOException {
        Path gcLog = Files.createTempFile("ensemble-bench-gc", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms256m");
        command.add("-XX:+UseZGC"); // the server default (./ensemble serve): no stop-the-world pauses in the tick
        command.add("-Xlog:gc:file=" + gcLog + ":timemillis");
        command.add("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
        String extra = System.getenv("ENSEMBLE_BENCH_SERVER_OPTS"); // e.g. a JFR recording for profiling
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServer.class.getName());
        command.add(Integer.toString(tickThreads));
        Path log = Files.createTempFile("ensemble-bench-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("ENSEMBLE_LOG_LEVEL", "WARN");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String metricsToken = HexFormat.of().formatHex(secret);
        builder.environment().put(BenchServer.METRICS_TOKEN_ENV, metricsToken);
        Process process = builder.start();
        try {
            return new ServerProcess(process, gcLog, metricsToken);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String field(String line, String name) {
        for (String word : line.split("\\s+")) {
            if (word.startsWith(name + "=")) {
                return word.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in '" + line + "'");
    }

    private int exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public int controlPort() {
        return controlPort;
    }

    /** How the bench's clients check the server's certificate. */
    public ServerTrust trust() {
        return trust;
    }

    /** Sends one line command and returns its one-line answer. */
    private String command(String line) throws IOException {
        in.println(line);
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("the server JVM closed its output (exit " + exitCode() + ")");
        }
        if (answer.startsWith("error")) {
            throw new IllegalStateException("server: " + answer);
        }
        return answer;
    }

    /** A created test-room session: its id and a join token of its one role. */
    public record CreatedSession(String id, String token) {
    }

    /** Creates a test room of {@code entities} crates for {@code capacity} trainees. */
    public CreatedSession createSession(String id, int entities, int capacity) throws IOException {
        String token = command("session " + id + " " + entities + " " + capacity);
        return new CreatedSession(id, token.substring("token ".length()).trim());
    }

    /** Starts moving {@code fraction} of the session's entities every tick. */
    public void moveEntities(String sessionId, float fraction) throws IOException {
        command("move " + sessionId + " " + fraction);
    }

    /** Entity moves applied so far, all sessions. */
    public long entityMoves() throws IOException {
        return Long.parseLong(command("moves").substring("moves ".length()).trim());
    }

    /** The server's Prometheus scrape. */
    public PrometheusText metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api("/metrics"))
                        .header("Authorization", "Bearer " + metricsToken).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/metrics: HTTP " + response.statusCode());
        }
        return PrometheusText.parse(response.body());
    }

    /** CPU time the server process used so far (all threads, user + system), in nanoseconds. */
    public long cpuNanos() throws IOException {
        return ProcStat.cpuNanos(process.pid());
    }

    /** GC pauses logged so far. */
    public List<GcLog.Pause> gcPauses() throws IOException {
        return GcLog.parse(Files.readAllLines(gcLog, StandardCharsets.UTF_8));
    }

    private java.net.URI api(String path) {
        return java.net.URI.create("https://127.0.0.1:" + httpPort + path);
    }

    @Override
    public void close() {
        try {
            command("quit");
        } catch (IOException | RuntimeException e) {
            // already gone; make sure below
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(gcLog);
        } catch (IOException e) {
            // a temporary file; the OS cleans it up
        }
    }
}
