package ensemble.server.http;

import ensemble.server.session.TokenSigner;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facilitator authentication for the console and the API. A facilitator logs in with the
 * configured user and password and gets a console token, sent back as an {@code HttpOnly}
 * cookie (the page) or as {@code Authorization: Bearer} (scripts); scripts may also send the
 * credentials themselves as {@code Authorization: Basic}. A bearer join token identifies a
 * participant, who may read its own session but not steer it. Every password check from the
 * network (login and Basic) goes through {@link #attempt}, behind the {@link LoginThrottle}.
 *
 * <p>Thread-safe: called from every Netty event loop.
 */
public final class ConsoleAuth {
    /** Name of the console cookie. */
    public static final String COOKIE = "ensemble_console";
    /** Lifetime of a console login, seconds. */
    public static final long LOGIN_TTL_SECONDS = 12 * 3600;
    /** Console logins held at once; past it expired ones are dropped, then new logins are refused. */
    public static final int MAX_LOGINS = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final byte[] passwordDigest;
    private final TokenSigner signer;
    private final Clock clock;
    private final LoginThrottle throttle;
    /** Console token → expiry, epoch milliseconds. */
    private final Map<String, Login> logins = new ConcurrentHashMap<>();

    private record Login(String user, long expiresAtMillis) {
    }

    /** Whether a verified join link still admits (its session incarnation, not revoked); all do until set. */
    private volatile java.util.function.Predicate<TokenSigner.JoinToken> linkLive = token -> true;

    /** What a password check from the network came to; {@code retryAfterSeconds} is set when throttled. */
    public record Attempt(boolean accepted, long retryAfterSeconds) {
        static final Attempt ACCEPTED = new Attempt(true, 0);
        static final Attempt REJECTED = new Attempt(false, 0);

        public boolean throttled() {
            return retryAfterSeconds > 0;
        }

        /** The 429 a throttled attempt is answered with. */
        public HttpReply throttledReply() {
            return HttpReply.error(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_attempts",
                    "too many failed logins; try again in " + retryAfterSeconds + " s")
                    .withHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
    }

    public ConsoleAuth(String user, String password, TokenSigner signer, Clock clock, LoginThrottle throttle) {
        this.throttle = throttle;
        this.user = user;
        this.passwordDigest = sha256(password);
        this.signer = signer;
        this.clock = clock;
    }

    /** Sets the check that a bearer join link is still live (Console asks the session). */
    void linkLive(java.util.function.Predicate<TokenSigner.JoinToken> check) {
        linkLive = check;
    }

    /** A password for a node started without one: 18 random bytes, URL-safe Base64. */
    public static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True when {@code user} and {@code password} are the facilitator's (compared in constant time). */
    public boolean checkCredentials(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(sha256(user), sha256(this.user));
        boolean passwordOk = MessageDigest.isEqual(sha256(password), passwordDigest);
        return userOk & passwordOk;
    }

    /**
     * Checks {@code user} and {@code password}, sent from {@code from}, unless that address or
     * that user is in its login backoff; counts the outcome for the backoff.
     */
    public Attempt attempt(InetAddress from, String user, String password) {
        long wait = throttle.retryAfterSeconds(from, user);
        if (wait > 0) {
            return new Attempt(false, wait);
        }
        if (checkCredentials(user, password)) {
            throttle.succeeded(from, user);
            return Attempt.ACCEPTED;
        }
        throttle.failed(from, user);
        return Attempt.REJECTED;
    }

    /**
     * The same for a request's {@code Authorization: Basic} credentials; null when it carries
     * none (or nothing decodable, which {@link #authenticate} refuses anyway).
     */
    public Attempt attemptBasic(HttpHeaders headers, InetAddress from) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String[] credentials = decodeBasic(authorization.substring(6).trim());
        return credentials == null ? null : attempt(from, credentials[0], credentials[1]);
    }

    /** A new console token for the facilitator, or null when {@link #MAX_LOGINS} are live. */
    public String login() {
        long now = clock.millis();
        if (logins.size() >= MAX_LOGINS) {
            logins.values().removeIf(login -> login.expiresAtMillis() <= now);
            if (logins.size() >= MAX_LOGINS) {
                return null;
            }
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "ect_" + HexFormat.of().formatHex(bytes);
        logins.put(token, new Login(user, now + LOGIN_TTL_SECONDS * 1000));
        return token;
    }

    public void logout(String token) {
        if (token != null) {
            logins.remove(token);
        }
    }

    /** The caller of a request, or null when it presents no valid credential. */
    public Caller authenticate(HttpHeaders headers) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return bearer(authorization.substring(7).trim());
            }
            if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return basic(authorization.substring(6).trim());
            }
            return null;
        }
        String token = cookieToken(headers);
        return token == null ? null : facilitatorFor(token);
    }

    /** The console token in the request's cookie, or null. */
    public static String cookieToken(HttpHeaders headers) {
        String header = headers.get(HttpHeaderNames.COOKIE);
        if (header == null || header.length() > 8192) {
            return null;
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (COOKIE.equals(cookie.name())) {
                return cookie.value();
            }
        }
        return null;
    }

    /** The {@code Set-Cookie} value that stores {@code token} in the browser (or clears it when null). */
    public static String cookie(String token) {
        return token == null
                ? COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                : COOKIE + "=" + token + "; Path=/; Max-Age=" + LOGIN_TTL_SECONDS + "; HttpOnly; SameSite=Strict";
    }

    private Caller bearer(String token) {
        if (token.startsWith("ect_")) {
            return facilitatorFor(token);
        }
        if (token.length() > 4096) {
            return null;
        }
        TokenSigner.Verified<TokenSigner.JoinToken> verified = signer.verifyJoin(token);
        if (!verified.isOk()) {
            return null;
        }
        TokenSigner.JoinToken join = verified.value();
        if (!linkLive.test(join)) {
            return null;
        }
        return new Caller.Participant(join.sessionId(), join.role(), join.kind());
    }

    private Caller basic(String encoded) {
        String[] credentials = decodeBasic(encoded);
        if (credentials == null || !checkCredentials(credentials[0], credentials[1])) {
            return null;
        }
        return new Caller.Facilitator(user);
    }

    /** User and password of a Basic credential, or null when it is not one. */
    private static String[] decodeBasic(String encoded) {
        if (encoded.length() > 1024) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private Caller facilitatorFor(String token) {
        Login login = logins.get(token);
        if (login == null) {
            return null;
        }
        if (login.expiresAtMillis() <= clock.millis()) {
            logins.remove(token);
            return null;
        }
        return new Caller.Facilitator(login.user());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
