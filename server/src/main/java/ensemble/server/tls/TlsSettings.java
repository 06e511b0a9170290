package ensemble.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the server's listeners (control TCP and HTTP/WebSocket) use TLS.
 *
 * @param mode           off (benchmarks only), a self-signed certificate kept in the data
 *                       directory, or the given PEM files
 * @param certFile       PEM certificate chain, leaf first ({@link Mode#FILES} only)
 * @param keyFile        PEM private key of the leaf ({@link Mode#FILES} only)
 * @param reloadInterval how often the files are checked for a renewed certificate
 */
public record TlsSettings(Mode mode, Path certFile, Path keyFile, Duration reloadInterval) {

    /** Where the server's certificate comes from. */
    public enum Mode {
        /** Plain TCP and HTTP: for benchmarks on a trusted machine only. */
        OFF,
        /** A self-signed certificate made at first start in {@code <data-dir>/tls/} and reused after. */
        SELF_SIGNED,
        /** {@code --tls-cert} and {@code --tls-key}. */
        FILES
    }

    /** Default check interval of the certificate files. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

    public TlsSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (mode == Mode.FILES && (certFile == null || keyFile == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both PEM files");
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("the certificate reload interval must be positive, was " + reloadInterval);
        }
    }

    /** The default: a self-signed certificate in the data directory. */
    public static TlsSettings selfSigned() {
        return new TlsSettings(Mode.SELF_SIGNED, null, null, DEFAULT_RELOAD_INTERVAL);
    }

    /** A certificate chain and its key from PEM files, reloaded when they change. */
    public static TlsSettings files(Path certFile, Path keyFile) {
        return new TlsSettings(Mode.FILES, certFile, keyFile, DEFAULT_RELOAD_INTERVAL);
    }

    /** No TLS at all. */
    public static TlsSettings off() {
        return new TlsSettings(Mode.OFF, null, null, DEFAULT_RELOAD_INTERVAL);
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    public TlsSettings withReloadInterval(Duration value) {
        return new TlsSettings(mode, certFile, keyFile, value);
    }

    /**
     * One self-signed certificate per JVM, made on first use in a temporary directory, so every
     * test server runs with TLS and test clients can pin a single key. Never used by {@code serve}.
     */
    public static TlsSettings testIdentity() {
        return TestIdentity.SETTINGS;
    }

    private static final class TestIdentity {
        static final TlsSettings SETTINGS = make();

        private static TlsSettings make() {
            try {
                Path dir = Files.createTempDirectory("ensemble-test-tls");
                CertificateFiles made = GeneratedCertificate.ensure(dir, List.of("localhost"));
                made.certFile().toFile().deleteOnExit();
                made.keyFile().toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return files(made.certFile(), made.keyFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the test certificate", e);
            }
        }
    }
}
