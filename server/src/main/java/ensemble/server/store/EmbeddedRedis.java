package ensemble.server.store;

import ensemble.server.SecretFiles;
import ensemble.server.ServerConfig.RedisBinary;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} child process for a server started without a Redis URL, so the same
 * store code runs on a laptop as in production. The binary is the one on PATH when there is one,
 * otherwise the one shipped inside the {@code embedded-redis} Maven artifact. It listens on
 * loopback only, on a free port, keeps its files under the data directory, and is stopped (and
 * waited for) by {@link #close()}.
 *
 * <p>It asks for a password made at random for each start ({@code requirepass}), which reaches
 * redis-server through a 0600 config file, never its command line (where {@code ps} would show
 * it). Its directory is 0700 and the files already in it are made 0600, so other local users read
 * neither the data nor the password. {@link #url()} carries the password; show it only through
 * {@link Redacted#url}.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Process process;
    private final int port;
    private final String password;
    private final Path binary;
    private final String origin;

    private EmbeddedRedis(Process process, int port, String password, Path binary, String origin) {
        this.process = process;
        this.port = port;
        this.password = password;
        this.binary = binary;
        this.origin = origin;
    }

    /** Starts redis-server with its files under {@code dataDir}; returns when it accepts connections. */
    public static EmbeddedRedis start(Path dataDir, RedisBinary preference) throws IOException {
        Files.createDirectories(dataDir);
        Path redisDir = dataDir.resolve("redis");
        Files.createDirectories(redisDir);
        SecretFiles.ownerOnly(redisDir);
        Located located = locate(preference, dataDir.resolve("bin"));
        int port = freePort();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String password = java.util.HexFormat.of().formatHex(secret);
        Path config = SecretFiles.writeOwnerOnly(redisDir.resolve("ensemble-redis.conf"), "requirepass " + password + "\n");
        List<String> command = List.of(located.path.toString(), config.toAbsolutePath().toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--dir", redisDir.toAbsolutePath().toString(),
                "--appendonly", "yes",
                "--save", "",
                "--daemonize", "no",
                "--loglevel", "notice");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> pumpOutput(process, ready), "redis-output");
        pump.setDaemon(true);
        pump.start();
        EmbeddedRedis redis = new EmbeddedRedis(process, port, password, located.path, located.origin);
        try {
            if (!ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !answersOn(port, password)) {
                redis.close();
                throw new IOException("embedded redis-server (" + located.path + ") did not start within "
                        + START_TIMEOUT.toSeconds() + " s; exit value "
                        + (process.isAlive() ? "none (still running)" : process.exitValue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redis.close();
            throw new IOException("interrupted while starting redis-server", e);
        }
        log.info("embedded Redis: {} ({}) on 127.0.0.1:{}, data in {}", located.path, located.origin, port, redisDir);
        return redis;
    }

    private record Located(Path path, String origin) {
    }

    private static Located locate(RedisBinary preference, Path extractDir) throws IOException {
        if (preference != RedisBinary.SHIPPED) {
            Optional<Path> onPath = findOnPath("redis-server");
            if (onPath.isPresent()) {
                return new Located(onPath.get(), "redis-server on PATH");
            }
            if (preference == RedisBinary.PATH) {
                throw new IOException("redis-server is not on PATH (install the Debian package redis-server,"
                        + " or let the server use the binary shipped with it)");
            }
        }
        Files.createDirectories(extractDir);
        File file = ExecutableProvider.newJarResourceProvider(extractDir.toFile()).get();
        if (!file.canExecute() && !file.setExecutable(true)) {
            throw new IOException("cannot make the shipped redis-server executable: " + file);
        }
        return new Located(file.toPath(), "binary shipped with the embedded-redis Maven artifact");
    }

    static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void pumpOutput(Process process, CountDownLatch ready) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.debug("redis-server: {}", line);
                if (line.contains("Ready to accept connections")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            log.debug("redis-server output closed: {}", e.getMessage());
        } finally {
            ready.countDown();
        }
    }

    private static boolean answersOn(int port, String password) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("AUTH " + password + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder reply = new StringBuilder();
            var in = socket.getInputStream();
            int b;
            while (reply.length() < 64 && (b = in.read()) >= 0) {
                reply.append((char) b);
                if (reply.indexOf("+PONG") >= 0) {
                    return reply.indexOf("+OK") == 0;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://:password@127.0.0.1:port}: what the node connects with (never print it unredacted). */
    public URI url() {
        return URI.create("redis://:" + password + "@127.0.0.1:" + port);
    }

    public Path binary() {
        return binary;
    }

    /** Human description of where the binary came from. */
    public String origin() {
        return origin;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops redis-server (SIGTERM, then SIGKILL after five seconds) and waits for it to exit. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("redis-server did not stop within 5 s; killing it");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("embedded Redis stopped");
    }
}
