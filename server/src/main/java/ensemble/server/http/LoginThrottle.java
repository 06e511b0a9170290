package ensemble.server.http;

import ensemble.server.Limits;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing down: failed logins are counted per client address and per user
 * name; past {@link Limits#loginFreeAttempts()} failures a key is locked for a backoff that
 * doubles with each further failure, from {@link Limits#loginBackoffBase()} up to
 * {@link Limits#loginBackoffMax()}. Attempts while locked are refused without looking at the
 * password, so they neither count nor reveal anything. A successful login clears both keys.
 * Counts are forgotten after a quiet {@link #FORGET_AFTER_MAX_BACKOFFS} longest backoffs.
 *
 * <p>The per-user key keeps a guesser that spreads over many addresses at the same pace, at the
 * price that the facilitator waits too while someone guesses their password; the wait is at most
 * one longest backoff after the guessing stops. IPv6 addresses count per /64, the block one host
 * usually holds.
 *
 * <p>Memory is bounded: at most {@link #MAX_KEYS} keys, the least recently used dropped first
 * (a guesser touches its user key on every try, so that key stays). Thread-safe; one lock, held
 * for a map operation.
 */
public final class LoginThrottle {
    /** Keys tracked at most. */
    static final int MAX_KEYS = 10_000;
    /** A key with no failure for this many longest backoffs starts afresh. */
    static final int FORGET_AFTER_MAX_BACKOFFS = 3;

    private final int freeAttempts;
    private final long baseMillis;
    private final long maxMillis;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private static final class Entry {
        int failures;
        long lastFailureMillis;
        long lockedUntilMillis;
    }

    public LoginThrottle(Limits limits, Clock clock) {
        this.freeAttempts = limits.loginFreeAttempts();
        this.baseMillis = limits.loginBackoffBase().toMillis();
        this.maxMillis = limits.loginBackoffMax().toMillis();
        this.clock = clock;
    }

    /** Seconds {@code from} must wait before trying {@code user} again; 0 when it may try now. */
    public synchronized long retryAfterSeconds(InetAddress from, String user) {
        long now = clock.millis();
        long until = Math.max(lockedUntil(addressKey(from), now), lockedUntil(userKey(user), now));
        return until <= now ? 0 : (until - now + 999) / 1000;
    }

    /** Counts a wrong password of {@code user} from {@code from}. */
    public synchronized void failed(InetAddress from, String user) {
        long now = clock.millis();
        fail(addressKey(from), now);
        fail(userKey(user), now);
    }

    /** A correct password: both keys start afresh. */
    public synchronized void succeeded(InetAddress from, String user) {
        entries.remove(addressKey(from));
        entries.remove(userKey(user));
    }

    /** Keys tracked now (for tests of the bound). */
    synchronized int size() {
        return entries.size();
    }

    private long lockedUntil(String key, long now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return 0;
        }
        if (now - entry.lastFailureMillis > FORGET_AFTER_MAX_BACKOFFS * maxMillis) {
            entries.remove(key);
            return 0;
        }
        return entry.lockedUntilMillis;
    }

    private void fail(String key, long now) {
        lockedUntil(key, now); // forgets a stale entry
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        entry.failures++;
        entry.lastFailureMillis = now;
        int beyond = entry.failures - freeAttempts;
        if (beyond >= 0) {
            long backoff = beyond >= 62 ? maxMillis : Math.min(maxMillis, baseMillis << Math.min(beyond, 30));
            entry.lockedUntilMillis = now + backoff;
        }
    }

    private static String userKey(String user) {
        return "user:" + user;
    }

    private static String addressKey(InetAddress address) {
        if (address == null) {
            return "ip:unknown";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            bytes = Arrays.copyOf(bytes, 8);
        }
        return "ip:" + java.util.HexFormat.of().formatHex(bytes);
    }
}
