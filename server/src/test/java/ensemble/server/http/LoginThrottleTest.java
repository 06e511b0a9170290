package ensemble.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.Limits;
import ensemble.server.session.TokenSigner;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The login backoff with a manual clock: free attempts, doubling, the cap, reset, forgetting, the bound. */
class LoginThrottleTest {
    private static final Limits LIMITS = Limits.DEFAULTS.withLoginBackoff(3, Duration.ofSeconds(1), Duration.ofSeconds(8));

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(LIMITS, clock);

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void backoffStartsAfterTheFreeAttemptsAndDoublesUpToTheCap() throws Exception {
        InetAddress a = ip("10.0.0.1");
        throttle.failed(a, "lead");
        throttle.failed(a, "lead");
        assertEquals(0, throttle.retryAfterSeconds(a, "lead"), "two failures are free");
        long[] expected = {1, 2, 4, 8, 8};
        for (long seconds : expected) {
            throttle.failed(a, "lead");
            assertEquals(seconds, throttle.retryAfterSeconds(a, "lead"));
            clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertEquals(1, throttle.retryAfterSeconds(a, "lead"), "rounded up, never 0 while locked");
            clock.advance(Duration.ofMillis(1));
            assertEquals(0, throttle.retryAfterSeconds(a, "lead"));
        }
    }

    @Test
    void addressAndUserAreLockedSeparately() throws Exception {
        InetAddress guesser = ip("10.0.0.2");
        for (int i = 0; i < 3; i++) {
            throttle.failed(guesser, "user" + i); // three users from one address
        }
        assertEquals(1, throttle.retryAfterSeconds(guesser, "someone-else"), "the address is locked for every user");
        assertEquals(0, throttle.retryAfterSeconds(ip("10.0.0.3"), "user0"), "another address may try user0");
        for (int i = 0; i < 3; i++) {
            throttle.failed(ip("10.1.0." + i), "lead"); // one user from three addresses
        }
        assertEquals(1, throttle.retryAfterSeconds(ip("10.2.0.1"), "lead"), "the user is locked from every address");
    }

    @Test
    void ipv6CountsPerSlash64() throws Exception {
        for (int i = 1; i <= 3; i++) {
            throttle.failed(ip("2001:db8:1:2::" + i), "u" + i);
        }
        assertEquals(1, throttle.retryAfterSeconds(ip("2001:db8:1:2:ffff::9"), "fresh"));
        assertEquals(0, throttle.retryAfterSeconds(ip("2001:db8:1:3::1"), "fresh"));
    }

    @Test
    void successResetsAndQuietTimeForgets() throws Exception {
        InetAddress a = ip("10.0.0.4");
        for (int i = 0; i < 4; i++) {
            throttle.failed(a, "lead");
        }
        clock.advance(Duration.ofSeconds(2));
        throttle.succeeded(a, "lead");
        throttle.failed(a, "lead");
        assertEquals(0, throttle.retryAfterSeconds(a, "lead"), "a success starts the count afresh");

        for (int i = 0; i < 3; i++) {
            throttle.failed(a, "lead");
        }
        assertTrue(throttle.retryAfterSeconds(a, "lead") > 0);
        clock.advance(Duration.ofSeconds(8L * LoginThrottle.FORGET_AFTER_MAX_BACKOFFS + 1));
        throttle.failed(a, "lead");
        assertEquals(0, throttle.retryAfterSeconds(a, "lead"), "failures long ago are forgotten");
    }

    @Test
    void memoryIsBoundedAndTheGuessedUserStaysTracked() throws Exception {
        for (int i = 0; i < LoginThrottle.MAX_KEYS * 2; i++) {
            throttle.failed(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), "lead");
        }
        assertEquals(LoginThrottle.MAX_KEYS, throttle.size());
        assertTrue(throttle.retryAfterSeconds(ip("192.0.2.1"), "lead") > 0, "the user key is used on every try, so it stays");
    }

    @Test
    void aLockedAddressWaitsEvenWithTheRightPassword() throws Exception {
        ConsoleAuth auth = new ConsoleAuth("lead", "right-password", new TokenSigner("0123456789abcdef0123456789abcdef", clock),
                clock, throttle);
        InetAddress a = ip("10.0.0.5");
        for (int i = 0; i < 3; i++) {
            assertEquals(new ConsoleAuth.Attempt(false, 0), auth.attempt(a, "lead", "guess" + i));
        }
        ConsoleAuth.Attempt locked = auth.attempt(a, "lead", "right-password");
        assertTrue(locked.throttled() && !locked.accepted(), "the password is not even looked at");
        assertEquals("1", locked.throttledReply().headers().get("Retry-After"));
        assertEquals(429, locked.throttledReply().status().code());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(auth.attempt(a, "lead", "right-password").accepted());
        assertEquals(new ConsoleAuth.Attempt(false, 0), auth.attempt(a, "lead", "guess"), "the success reset the count");
    }

    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
