package ensemble.server.testing;

import ensemble.client.net.ServerTrust;
import ensemble.server.EnsembleServer;
import ensemble.server.tls.ServerIdentity;
import ensemble.server.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * TLS for tests: every {@link ensemble.server.ServerConfig#forTests} server presents the JVM's
 * test certificate, and test clients pin it by fingerprint, as real clients pin a self-signed
 * server from its join link.
 */
public final class TestTls {
    /** The pin of the JVM's test certificate. */
    public static final String PIN = pin();
    /** Clients of test servers: the test certificate's pin, no CA. */
    public static final ServerTrust TRUST = ServerTrust.pinned(PIN);

    private TestTls() {
    }

    private static String pin() {
        TlsSettings settings = TlsSettings.testIdentity();
        try {
            return ServerIdentity.read(new ensemble.server.tls.CertificateFiles(settings.certFile(), settings.keyFile())).pin();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP client that pins the test certificate. */
    public static HttpClient.Builder httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(TRUST.jdkContext());
    }

    /** A blocking TLS socket to the control port on loopback, handshaken, pinning the test certificate. */
    public static SSLSocket controlSocket(int port) throws IOException {
        return controlSocket(port, null);
    }

    /** As {@link #controlSocket(int)}, from {@code localAddress} (another peer on loopback) unless null. */
    public static SSLSocket controlSocket(int port, String localAddress) throws IOException {
        Socket tcp = new Socket();
        if (localAddress != null) {
            tcp.bind(new InetSocketAddress(localAddress, 0));
        }
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        SSLSocket secure = (SSLSocket) TRUST.jdkContext().getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        secure.startHandshake();
        return secure;
    }

    /** {@code https://127.0.0.1:PORT} + {@code path}. */
    public static URI https(int port, String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    /** The server's console and API URL + {@code path}: https unless it runs with {@code --no-tls}. */
    public static URI url(EnsembleServer server, String path) {
        return URI.create((server.tls().enabled() ? "https" : "http") + "://127.0.0.1:" + server.httpPort() + path);
    }
}
