package ensemble.server.xapi;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where xAPI statements go and how they are sent. Part of {@code ServerConfig}.
 *
 * @param endpoint      the LRS's xAPI base, e.g. {@code https://lrs.example/xapi/}; null sends nothing
 *                      (statements can still be exported)
 * @param user          Basic auth user (the LRS client key)
 * @param password      Basic auth password (the LRS client secret)
 * @param batchSize     statements per POST, 1..{@link #MAX_BATCH}
 * @param actorKey      HMAC key that turns participant ids into pseudonymous account names; null
 *                      uses the token secret (then pseudonyms change when the secret does)
 * @param iriBase       base IRI of activity ids and of the accounts' home page, without a trailing slash
 * @param firstBackoff  wait after the first failed send; doubles on each failure
 * @param maxBackoff    longest wait between two sends while the LRS fails
 */
public record LrsSettings(URI endpoint, String user, String password, int batchSize, String actorKey, String iriBase,
        Duration firstBackoff, Duration maxBackoff) {
    /** Most statements one POST carries. */
    public static final int MAX_BATCH = 500;
    public static final String DEFAULT_IRI_BASE = "https://ensemble.invalid/xapi";

    public static final LrsSettings NONE = new LrsSettings(null, null, null, 50, null, DEFAULT_IRI_BASE,
            Duration.ofSeconds(1), Duration.ofSeconds(60));

    public LrsSettings {
        Objects.requireNonNull(iriBase, "iriBase");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("the LRS batch size must be 1.." + MAX_BATCH + ", was " + batchSize);
        }
        if (endpoint != null && !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("the LRS endpoint must be an http(s) URL, was " + endpoint);
        }
        if (!iriBase.matches("https?://[^\\s]+[^/]")) {
            throw new IllegalArgumentException("the xAPI IRI base must be an http(s) IRI without a trailing slash, was " + iriBase);
        }
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("LRS backoff must be positive with max >= first");
        }
        if (actorKey != null && actorKey.length() < 16) {
            throw new IllegalArgumentException("the xAPI actor key must be at least 16 characters");
        }
    }

    public boolean enabled() {
        return endpoint != null;
    }

    public LrsSettings withEndpoint(URI value, String basicUser, String basicPassword) {
        return new LrsSettings(value, basicUser, basicPassword, batchSize, actorKey, iriBase, firstBackoff, maxBackoff);
    }

    public LrsSettings withBatchSize(int value) {
        return new LrsSettings(endpoint, user, password, value, actorKey, iriBase, firstBackoff, maxBackoff);
    }

    public LrsSettings withActorKey(String value) {
        return new LrsSettings(endpoint, user, password, batchSize, value, iriBase, firstBackoff, maxBackoff);
    }

    public LrsSettings withBackoff(Duration first, Duration max) {
        return new LrsSettings(endpoint, user, password, batchSize, actorKey, iriBase, first, max);
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "LrsSettings[endpoint=" + endpoint + ", user=" + user + ", batchSize=" + batchSize + ", iriBase=" + iriBase
                + ", backoff=" + firstBackoff + ".." + maxBackoff + "]";
    }
}
