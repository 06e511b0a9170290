package ensemble.server.session;

import ensemble.v1.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies join and resume tokens with HMAC-SHA256 under the server secret.
 *
 * <p>A token is {@code base64url(payload) "." base64url(mac)}; the payload is a version tag and
 * fields separated by {@code '|'}. Join:
 * {@code j2|session|generation|role|kind|expiresEpochSeconds|link|scope}, where the generation
 * ties the link to one incarnation of the session id (a deleted and re-created session has a new
 * one), {@code link} is the link's own id (what a facilitator revokes), and {@code scope} is
 * {@code role} (a link a team shares) or {@code person} (one seat). Resume:
 * {@code r1|session|participant|nonce}. Fields are restricted to characters that cannot contain
 * the separator; base64 is accepted only in its canonical spelling. Verification compares MACs
 * in constant time. Thread-safe.
 */
public final class TokenSigner {
    /** Who a join token admits. */
    public enum Kind { PARTICIPANT, SPECTATOR }

    /**
     * A join token's claims. {@code linkId} names the link (revocation); {@code personal} links
     * admit one person at a time into a reserved seat.
     */
    public record JoinToken(String sessionId, String generation, String role, Kind kind, long expiresAtSeconds,
                            String linkId, boolean personal) {
    }

    /** A verified resume token. */
    public record ResumeToken(String sessionId, String participantId) {
    }

    /** Either a verified value or the typed reason it was refused. */
    public record Verified<T>(T value, ErrorCode error, String reason) {
        static <T> Verified<T> ok(T value) {
            return new Verified<>(value, null, null);
        }

        static <T> Verified<T> refused(ErrorCode error, String reason) {
            return new Verified<>(null, error, reason);
        }

        public boolean isOk() {
            return value != null;
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String FIELD = "[A-Za-z0-9_.-]{1,64}";

    private final byte[] key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Shortest signing secret accepted, in bytes (UTF-8): the HMAC-SHA256 key length. */
    public static final int MIN_SECRET_BYTES = 32;

    public TokenSigner(String secret, Clock clock) {
        requireSecret(secret);
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** A role link: anyone holding it joins {@code role} (or watches, for {@link Kind#SPECTATOR}). */
    public String join(String sessionId, String generation, String role, Kind kind, long ttlSeconds) {
        return sign(claims(sessionId, generation, role, kind, ttlSeconds, false));
    }

    /** Fresh claims with a new link id, expiring {@code ttlSeconds} from now; sign them with {@link #sign(JoinToken)}. */
    public JoinToken claims(String sessionId, String generation, String role, Kind kind, long ttlSeconds, boolean personal) {
        return new JoinToken(sessionId, generation, role, kind, clock.instant().getEpochSecond() + ttlSeconds, nonce(),
                personal);
    }

    public String sign(JoinToken t) {
        requireField("session id", t.sessionId());
        requireField("generation", t.generation());
        requireField("role", t.role());
        requireField("link id", t.linkId());
        return sign("j2|" + t.sessionId() + "|" + t.generation() + "|" + t.role() + "|" + t.kind().name() + "|"
                + t.expiresAtSeconds() + "|" + t.linkId() + "|" + (t.personal() ? "person" : "role"));
    }

    public String resume(String sessionId, String participantId) {
        requireField("session id", sessionId);
        requireField("participant id", participantId);
        return sign("r1|" + sessionId + "|" + participantId + "|" + nonce());
    }

    public Verified<JoinToken> verifyJoin(String token) {
        String[] fields = open(token);
        if (fields == null || fields.length != 8 || !"j2".equals(fields[0])) {
            return Verified.refused(ErrorCode.ERROR_CODE_BAD_TOKEN, "join token is malformed or not signed by this server");
        }
        Kind kind;
        long expires;
        try {
            kind = Kind.valueOf(fields[4]);
            expires = Long.parseLong(fields[5]);
        } catch (IllegalArgumentException e) {
            return Verified.refused(ErrorCode.ERROR_CODE_BAD_TOKEN, "join token has invalid fields");
        }
        if (!fields[7].equals("person") && !fields[7].equals("role")) {
            return Verified.refused(ErrorCode.ERROR_CODE_BAD_TOKEN, "join token has invalid fields");
        }
        if (clock.instant().getEpochSecond() > expires) {
            return Verified.refused(ErrorCode.ERROR_CODE_TOKEN_EXPIRED, "join token expired");
        }
        return Verified.ok(new JoinToken(fields[1], fields[2], fields[3], kind, expires, fields[6], fields[7].equals("person")));
    }

    public Verified<ResumeToken> verifyResume(String token) {
        String[] fields = open(token);
        if (fields == null || fields.length != 4 || !"r1".equals(fields[0])) {
            return Verified.refused(ErrorCode.ERROR_CODE_BAD_TOKEN, "resume token is malformed or not signed by this server");
        }
        return Verified.ok(new ResumeToken(fields[1], fields[2]));
    }

    private String sign(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    private String[] open(String token) {
        if (token == null || token.length() > 2048) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return null;
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = decodeCanonical(token.substring(0, dot));
            mac = decodeCanonical(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            return null;
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        for (int i = 1; i < fields.length; i++) {
            if (!fields[i].matches(FIELD)) {
                return null;
            }
        }
        return fields;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private String nonce() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes).replace('-', 'x').replace('_', 'y');
    }

    /** Throws a clear error when {@code secret} is shorter than {@link #MIN_SECRET_BYTES}. */
    public static void requireSecret(String secret) {
        int bytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, was " + bytes + " (make one with: openssl rand -hex 32)");
        }
    }

    /**
     * Decodes unpadded base64url and refuses any spelling but the canonical one: the same bytes
     * have exactly one accepted text, so a token cannot be varied without changing its signature.
     */
    private static byte[] decodeCanonical(String text) {
        byte[] bytes = B64D.decode(text);
        if (!B64.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("not canonical base64url");
        }
        return bytes;
    }

    private static void requireField(String what, String value) {
        if (value == null || !value.matches(FIELD)) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of A-Z a-z 0-9 _ . -: " + value);
        }
    }
}
