package ensemble.server.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chat allowance that outlives a connection: the token bucket of {@link Participant.ChatLimits},
 * kept per person (the link they joined with and their address) when they leave, and handed back
 * when the same person joins again (also while their dropped connection still waits out its grace
 * period). Without it, leaving and rejoining refilled the bucket, and a
 * script reached about 100 lines/s against the designed 2/s. Tick thread only.
 */
final class ChatAllowance {
    /** People remembered at most; beyond it the oldest entry goes (its bucket is nearly full by then). */
    static final int MAX_PEOPLE = 1024;

    private record Left(double tokens, long refillMillis) {
    }

    private final Map<String, Left> left = new LinkedHashMap<>(16, 0.75f, false);

    /** The person key of a join: link id and remote address. */
    static String person(String linkId, java.net.SocketAddress remote) {
        String address = remote instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
        return linkId + "@" + address;
    }

    /** Remembers what {@code p} had left when leaving, unless the bucket would be full by now anyway. */
    void leaving(Participant p, long nowMillis) {
        if (p.personKey == null || refilled(p.chatTokens, p.chatRefillMillis, nowMillis) >= Participant.ChatLimits.BURST) {
            return;
        }
        left.remove(p.personKey);
        if (left.size() >= MAX_PEOPLE) {
            left.remove(left.keySet().iterator().next());
        }
        left.put(p.personKey, new Left(p.chatTokens, p.chatRefillMillis));
    }

    /**
     * Gives {@code p} (just joined) the allowance its person left with, or the one of their earlier
     * connection still waiting out its grace period, whichever is smaller.
     */
    void joining(Participant p, Iterable<Participant> present, long nowMillis) {
        if (p.personKey == null) {
            return;
        }
        Left before = left.remove(p.personKey);
        if (before != null) {
            p.chatTokens = before.tokens();
            p.chatRefillMillis = before.refillMillis();
        }
        for (Participant other : present) {
            if (other != p && p.personKey.equals(other.personKey) && refilled(other.chatTokens, other.chatRefillMillis,
                    nowMillis) < refilled(p.chatTokens, p.chatRefillMillis, nowMillis)) {
                p.chatTokens = other.chatTokens;
                p.chatRefillMillis = other.chatRefillMillis;
            }
        }
    }

    /** Tokens a bucket holds at {@code nowMillis}. */
    static double refilled(double tokens, long refillMillis, long nowMillis) {
        return Math.min(Participant.ChatLimits.BURST,
                tokens + Math.max(0, nowMillis - refillMillis) / 1000.0 * Participant.ChatLimits.PER_SECOND);
    }
}
