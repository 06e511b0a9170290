package ensemble.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionLocatorTest {
    static final String N1 = "10.0.0.1:7777";
    static final String N2 = "10.0.0.2:7777";
    static final String N3 = "10.0.0.3:40123";
    static final String SERVICE = "ensemble.example:7777";

    @Test
    void aNodeLearnedAfterTheWelcomeIsAskedBeforeTheStaleHint() {
        SessionLocator locator = new SessionLocator(N1, List.of());
        assertEquals(N1, locator.first().endpoint());
        locator.joined(N2, List.of(N1));
        locator.liveNodes(List.of(N2, N3));

        SessionLocator.Attempt retry = locator.next(false);
        assertEquals(N2, retry.endpoint(), "a blip: the same node first");
        assertEquals(SessionLocator.Source.LAST_NODE, retry.source());
        locator.unreachable(N2);
        SessionLocator.Attempt next = locator.next(false);
        assertEquals(N3, next.endpoint(), "then the nodes the last node pushed");
        assertEquals(SessionLocator.Source.LIVE_NODES, next.source());
        assertEquals(0, next.delayMillis(), "no wait between two different nodes");
    }

    @Test
    void bootstrapAddressesComeBeforeWelcomeHints() {
        SessionLocator locator = new SessionLocator(N1, List.of(SERVICE));
        locator.first();
        locator.joined(N1, List.of(N2));
        assertEquals(N1, locator.next(false).endpoint());
        locator.unreachable(N1);
        SessionLocator.Attempt next = locator.next(false);
        assertEquals(SERVICE, next.endpoint());
        assertEquals(SessionLocator.Source.BOOTSTRAP, next.source());
        locator.unreachable(SERVICE);
        assertEquals(N2, locator.next(false).endpoint());
    }

    @Test
    void aRedirectIsFollowedAtOnce() {
        SessionLocator locator = new SessionLocator(N1, List.of());
        locator.first();
        locator.joined(N1, List.of(N2));
        locator.next(false);
        locator.redirected(N1, N3);
        SessionLocator.Attempt next = locator.next(false);
        assertEquals(new SessionLocator.Attempt(N3, SessionLocator.Source.REDIRECT, 0), next);
    }

    @Test
    void aRedirectToANodeThatJustFailedCountsAsMoving() {
        SessionLocator locator = new SessionLocator(N1, List.of());
        locator.first();
        locator.joined(N1, List.of(N2));
        assertEquals(N1, locator.next(false).endpoint());
        locator.unreachable(N1);
        assertEquals(N2, locator.next(false).endpoint());
        locator.redirected(N2, N1); // the dead owner's lease has not expired yet
        SessionLocator.Attempt next = locator.next(false);
        assertEquals(N2, next.endpoint(), "the node that answered, again");
        assertEquals(SessionLocator.TRY_AGAIN_MILLIS, next.delayMillis());
    }

    @Test
    void aNodeSayingTheSessionMovesIsAskedAgainAfterAShortWaitAndTheDeadOnesAreSkipped() {
        SessionLocator locator = new SessionLocator(N1, List.of());
        locator.first();
        locator.joined(N2, List.of(N1));
        locator.liveNodes(List.of(N2, N3));
        locator.next(false);
        locator.unreachable(N2);
        assertEquals(N3, locator.next(false).endpoint());
        locator.answered(N3); // "try again: the session is moving"
        SessionLocator.Attempt afterMoving = locator.next(true);
        assertEquals(N1, afterMoving.endpoint(), "the round goes on with the hint");
        locator.unreachable(N1);
        SessionLocator.Attempt nextRound = locator.next(false);
        assertEquals(N3, nextRound.endpoint(), "the one node that answers, before the two that did not");
        assertEquals(SessionLocator.TRY_AGAIN_MILLIS, nextRound.delayMillis());
    }

    @Test
    void whenNoEndpointAnswersTheOldestFailureIsRetriedWithABackoff() {
        SessionLocator locator = new SessionLocator(N1, List.of());
        locator.first();
        locator.joined(N1, List.of(N2));
        long lastDelay = -1;
        for (int i = 0; i < 12; i++) {
            SessionLocator.Attempt attempt = locator.next(false);
            locator.unreachable(attempt.endpoint());
            assertTrue(attempt.delayMillis() <= SessionLocator.MAX_BACKOFF_MILLIS);
            lastDelay = attempt.delayMillis();
        }
        assertEquals(SessionLocator.MAX_BACKOFF_MILLIS, lastDelay, "the backoff is capped");
        assertEquals(List.of(N1, N2), locator.known());
    }

    @Test
    void badAddressesAreRefusedWithTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SessionLocator(N1, List.of("no-port")));
        assertEquals("an address must be HOST:PORT, was no-port", e.getMessage());
    }
}
