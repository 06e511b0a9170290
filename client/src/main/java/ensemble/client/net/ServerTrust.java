package ensemble.client.net;

import ensemble.proto.CertificatePin;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How a client decides that it talks to the real server, on the control channel and the HTTP
 * API alike. The server's certificate is accepted when its key matches the {@linkplain
 * CertificatePin pin} (the server's self-signed certificate; join links carry the pin) or when
 * it chains to a trusted CA — the JDK's, or those of a {@code --tls-ca} PEM file — and names the
 * host connected to. Anything else ends the connection with a message that says which.
 * {@link #plain()} is for a server started with {@code --no-tls}.
 *
 * <p>Immutable and thread-safe; the TLS contexts are made once, on first use.
 */
public final class ServerTrust {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private final boolean tls;
    private final String pin;
    private final Path caFile;
    private volatile SslContext netty;
    private volatile SSLContext jdk;

    private ServerTrust(boolean tls, String pin, Path caFile) {
        this.tls = tls;
        this.pin = pin == null ? null : CertificatePin.check(pin);
        this.caFile = caFile;
    }

    /** Certificates signed by a CA the JDK trusts, for the host connected to. */
    public static ServerTrust systemCas() {
        return new ServerTrust(true, null, null);
    }

    /** The server's certificate key has this pin (or it is CA-signed for the host). */
    public static ServerTrust pinned(String pin) {
        return new ServerTrust(true, pin, null);
    }

    /** Plain TCP and HTTP, for a server started with {@code --no-tls} (benchmarks only). */
    public static ServerTrust plain() {
        return new ServerTrust(false, null, null);
    }

    /**
     * From a client's options: {@code noTls} wins; else the pin (may be null) and the CA file
     * (may be null: the JDK's CAs).
     */
    public static ServerTrust of(boolean noTls, String pin, Path caFile) {
        return noTls ? plain() : new ServerTrust(true, pin, caFile);
    }

    /** The same trust, but with certificates of the CAs in {@code file} (PEM) instead of the JDK's. */
    public ServerTrust withCaFile(Path file) {
        return new ServerTrust(tls, pin, file);
    }

    public boolean tls() {
        return tls;
    }

    /** The pin, or null. */
    public String pin() {
        return pin;
    }

    /** {@code https} or {@code http}: the scheme of the server's API. */
    public String httpScheme() {
        return tls ? "https" : "http";
    }

    /** A client-side handler for a connection to {@code host:port}, with host-name verification. */
    public SslHandler newHandler(ByteBufAllocator allocator, String host, int port) {
        SslHandler handler = nettyContext().newHandler(allocator, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    /** For {@link java.net.http.HttpClient.Builder#sslContext}; it verifies host names itself. */
    public SSLContext jdkContext() {
        SSLContext context = jdk;
        if (context == null) {
            try {
                context = SSLContext.getInstance("TLSv1.3");
                context.init(null, new TrustManager[] {trustManager()}, new SecureRandom());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("TLS 1.3 is not available: " + e.getMessage(), e);
            }
            jdk = context;
        }
        return context;
    }

    private SslContext nettyContext() {
        SslContext context = netty;
        if (context == null) {
            try {
                context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                        .trustManager(trustManager()).build();
            } catch (IOException e) {
                throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
            }
            netty = context;
        }
        return context;
    }

    private X509ExtendedTrustManager trustManager() {
        return new PinningTrustManager(pin, authorities());
    }

    /** The JDK's CAs, or those of {@link #caFile}. */
    private X509ExtendedTrustManager authorities() {
        try {
            KeyStore store = null;
            if (caFile != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                Collection<? extends java.security.cert.Certificate> certificates;
                try (InputStream in = Files.newInputStream(caFile)) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException(caFile + ": no PEM certificate in it");
                }
                int i = 0;
                for (java.security.cert.Certificate certificate : certificates) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA certificates in " + caFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The reason a TLS failure in {@code cause}'s chain gives, in words for a person, or null
     * when {@code cause} is not about TLS.
     */
    public static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return t.getMessage();
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS handshake failed (" + t.getMessage() + "); if the server runs with --no-tls, connect with"
                        + " --no-tls";
            }
        }
        return null;
    }

    /** True when {@code cause} says the server's certificate was not trusted (retrying cannot help). */
    public static boolean untrusted(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return !tls ? "plain (no TLS)" : pin != null ? "TLS, pin " + pin : caFile != null ? "TLS, CAs of " + caFile
                : "TLS, system CAs";
    }

    /** Pin first, then the CA chain with host-name verification. */
    private static final class PinningTrustManager extends X509ExtendedTrustManager {
        private final String pin;
        private final X509ExtendedTrustManager authorities;

        PinningTrustManager(String pin, X509ExtendedTrustManager authorities) {
            this.pin = pin;
            this.authorities = authorities;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (!pinMatches(chain)) {
                try {
                    authorities.checkServerTrusted(chain, authType, engine);
                } catch (CertificateException e) {
                    throw refusal(chain, engine == null ? null : engine.getPeerHost(), e);
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
                throws CertificateException {
            if (!pinMatches(chain)) {
                try {
                    authorities.checkServerTrusted(chain, authType, socket);
                } catch (CertificateException e) {
                    throw refusal(chain, socket == null ? null : String.valueOf(socket.getInetAddress()), e);
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (!pinMatches(chain)) {
                try {
                    authorities.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    throw refusal(chain, null, e);
                }
            }
        }

        private boolean pinMatches(X509Certificate[] chain) {
            return pin != null && chain != null && chain.length > 0 && pin.equals(CertificatePin.of(chain[0]));
        }

        private CertificateException refusal(X509Certificate[] chain, String host, CertificateException cause) {
            String actual = chain == null || chain.length == 0 ? "none" : CertificatePin.of(chain[0]);
            String where = host == null ? "the server" : host;
            String message = pin != null
                    ? "refusing " + where + ": its certificate pin is " + actual + ", not the expected " + pin
                            + ", and it is not signed by a trusted CA (" + cause.getMessage() + "). Ask for a fresh"
                            + " join link, or check the pin the server's banner prints"
                    : "refusing " + where + ": its certificate is not signed by a trusted CA for that name ("
                            + cause.getMessage() + "). If the server uses its self-signed certificate, join with a link"
                            + " that carries its pin, or give --pin " + actual + " after checking it against the"
                            + " server's banner";
            return new CertificateException(message, cause);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not authenticate clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not authenticate clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not authenticate clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return authorities.getAcceptedIssuers();
        }
    }
}
