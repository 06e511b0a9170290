package ensemble.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the server's listeners: TLS 1.3 only, with the certificate of the
 * {@link TlsSettings}. Each new connection gets an {@link SslHandler} from the current context;
 * a watcher thread re-reads the PEM files every {@link TlsSettings#reloadInterval()} and swaps
 * the context when their content changed, so a renewed certificate serves new connections
 * without a restart while open connections keep theirs. A renewal that cannot be read (a
 * half-written file, a key that does not match) is logged and the previous certificate stays.
 *
 * <p>Thread-safe: {@link #newHandler} runs on every event loop, the watcher on its own thread.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private final CertificateFiles files;
    private final ScheduledExecutorService watcher;
    private volatile Loaded current;
    /** The file contents of the last failed reload, so one bad renewal is reported once. */
    private String lastFailure;

    private record Loaded(SslContext context, ServerIdentity identity, String certPem, String keyPem) {
    }

    private ServerTls(CertificateFiles files, Loaded loaded, Duration reloadInterval) {
        this.files = files;
        this.current = loaded;
        if (files == null) {
            this.watcher = null;
            return;
        }
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ensemble-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = reloadInterval.toMillis();
        watcher.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Plain listeners ({@code --no-tls}). */
    public static ServerTls disabled() {
        return new ServerTls(null, null, Duration.ofSeconds(1));
    }

    /**
     * Reads (or, self-signed and first start, makes) the certificate and starts watching it.
     * {@code names} are the host names or addresses a made certificate is issued for.
     */
    public static ServerTls start(TlsSettings settings, Path dataDir, List<String> names) throws IOException {
        Objects.requireNonNull(settings, "settings");
        CertificateFiles files = switch (settings.mode()) {
            case OFF -> null;
            case SELF_SIGNED -> GeneratedCertificate.ensure(dataDir.resolve("tls"), names);
            case FILES -> new CertificateFiles(settings.certFile(), settings.keyFile());
        };
        if (files == null) {
            return disabled();
        }
        String certPem = read(files.certFile());
        String keyPem = read(files.keyFile());
        return new ServerTls(files, load(files, certPem, keyPem), settings.reloadInterval());
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Loaded load(CertificateFiles files, String certPem, String keyPem) throws IOException {
        ServerIdentity identity = ServerIdentity.parse(files, certPem, keyPem);
        try {
            SslContext context = SslContextBuilder.forServer(identity.key(), identity.chain())
                    .sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
            return new Loaded(context, identity, certPem, keyPem);
        } catch (SSLException e) {
            throw new IOException("cannot use the certificate in " + files.certFile() + ": " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return files != null;
    }

    /** The pin of the certificate new connections get, or null without TLS. */
    public String pin() {
        Loaded loaded = current;
        return loaded == null ? null : loaded.identity().pin();
    }

    /** The leaf certificate new connections get, or null without TLS. */
    public X509Certificate certificate() {
        Loaded loaded = current;
        return loaded == null ? null : loaded.identity().chain()[0];
    }

    /** Where the certificate and key are read from, or null without TLS. */
    public CertificateFiles files() {
        return files;
    }

    /** A handler for one new server-side connection, with the current certificate. */
    public SslHandler newHandler(ByteBufAllocator allocator, Duration handshakeTimeout) {
        SslHandler handler = current.context().newHandler(allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** Re-reads the files; true when the certificate changed. Runs on the watcher thread. */
    boolean reload() throws IOException {
        String certPem = read(files.certFile());
        String keyPem = read(files.keyFile());
        Loaded before = current;
        if (certPem.equals(before.certPem()) && keyPem.equals(before.keyPem())) {
            return false;
        }
        current = load(files, certPem, keyPem);
        log.info("TLS certificate reloaded from {}: pin {}, valid until {}", files.certFile(),
                current.identity().pin(), current.identity().chain()[0].getNotAfter().toInstant());
        return true;
    }

    private void reloadQuietly() {
        try {
            reload();
            lastFailure = null;
        } catch (IOException | RuntimeException e) {
            String failure = e.getMessage();
            if (!Objects.equals(failure, lastFailure)) {
                log.warn("the renewed TLS certificate cannot be used yet, keeping the current one: {}", failure);
                lastFailure = failure;
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
