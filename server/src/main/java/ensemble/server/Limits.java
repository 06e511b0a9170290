package ensemble.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds every listener puts on what a peer may make the node hold: time to send a request,
 * body sizes, connections per address, failed logins. Part of {@link ServerConfig}; the
 * {@code serve} command sets them from options, docs/operations.md lists them.
 *
 * @param httpRequestTimeout      a request (headers and body) must arrive whole within this time of
 *                                its first byte, and a new connection's first request within this
 *                                time of the connection (TLS handshake included); else it is closed
 * @param httpIdleTimeout         a keep-alive connection with no request in progress is closed after
 *                                this long
 * @param maxBodyBytes            largest request body of any route before the caller is known, and
 *                                of every route that declares no upload
 * @param maxUploadBytes          largest body of an upload route, for an authenticated facilitator
 * @param httpConnectionsPerIp    open HTTP connections per client address; 0 means no cap
 * @param controlConnectionsPerIp open control (TCP) connections per client address; 0 means no cap
 * @param loginFreeAttempts       failed logins per address and per user before the backoff starts
 * @param loginBackoffBase        the first backoff; each further failure doubles it
 * @param loginBackoffMax         the longest backoff
 */
public record Limits(
        Duration httpRequestTimeout,
        Duration httpIdleTimeout,
        int maxBodyBytes,
        int maxUploadBytes,
        int httpConnectionsPerIp,
        int controlConnectionsPerIp,
        int loginFreeAttempts,
        Duration loginBackoffBase,
        Duration loginBackoffMax) {

    /** The defaults of {@code ./ensemble serve}. */
    public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), 64 * 1024,
            16 * 1024 * 1024, 64, 1024, 5, Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Limits {
        Objects.requireNonNull(httpRequestTimeout, "httpRequestTimeout");
        Objects.requireNonNull(httpIdleTimeout, "httpIdleTimeout");
        Objects.requireNonNull(loginBackoffBase, "loginBackoffBase");
        Objects.requireNonNull(loginBackoffMax, "loginBackoffMax");
        requirePositive("HTTP request timeout", httpRequestTimeout);
        requirePositive("HTTP idle timeout", httpIdleTimeout);
        requirePositive("login backoff", loginBackoffBase);
        if (loginBackoffMax.compareTo(loginBackoffBase) < 0) {
            throw new IllegalArgumentException("the longest login backoff must be at least the first ("
                    + loginBackoffBase.toMillis() + " ms), was " + loginBackoffMax.toMillis() + " ms");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > maxUploadBytes) {
            throw new IllegalArgumentException("the body limit must be 1 KiB up to the upload limit (" + maxUploadBytes
                    + " bytes), was " + maxBodyBytes);
        }
        if (maxUploadBytes > 1024 * 1024 * 1024) {
            throw new IllegalArgumentException("the upload limit must be at most 1 GiB, was " + maxUploadBytes);
        }
        if (httpConnectionsPerIp < 0 || controlConnectionsPerIp < 0) {
            throw new IllegalArgumentException("connections per address must be 0 (no cap) or more");
        }
        if (loginFreeAttempts < 1 || loginFreeAttempts > 1000) {
            throw new IllegalArgumentException("free login attempts must be 1..1000, was " + loginFreeAttempts);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value.toMillis() + " ms");
        }
    }

    public Limits withHttpTimeouts(Duration request, Duration idle) {
        return new Limits(request, idle, maxBodyBytes, maxUploadBytes, httpConnectionsPerIp, controlConnectionsPerIp,
                loginFreeAttempts, loginBackoffBase, loginBackoffMax);
    }

    public Limits withBodyLimits(int body, int upload) {
        return new Limits(httpRequestTimeout, httpIdleTimeout, body, upload, httpConnectionsPerIp,
                controlConnectionsPerIp, loginFreeAttempts, loginBackoffBase, loginBackoffMax);
    }

    /** Caps on open connections per client address; 0 means no cap. */
    public Limits withConnectionsPerIp(int http, int control) {
        return new Limits(httpRequestTimeout, httpIdleTimeout, maxBodyBytes, maxUploadBytes, http, control,
                loginFreeAttempts, loginBackoffBase, loginBackoffMax);
    }

    public Limits withLoginBackoff(int freeAttempts, Duration base, Duration max) {
        return new Limits(httpRequestTimeout, httpIdleTimeout, maxBodyBytes, maxUploadBytes, httpConnectionsPerIp,
                controlConnectionsPerIp, freeAttempts, base, max);
    }
}
