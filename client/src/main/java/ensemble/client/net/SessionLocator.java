package ensemble.client.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a client looks for its session after losing its node. Any live node answers a resume
 * with a redirect to the node that holds the session's lease now (or asks to try again while the
 * session moves), so the client only has to reach some live node. It knows them from several
 * sources, tried in this order:
 * <ol>
 *   <li>a node that just redirected it;</li>
 *   <li>the node it was joined to (a network blip, or a node that restarted);</li>
 *   <li>the live nodes its node last pushed ({@code NodeList}: nodes that started after its
 *       Welcome, on any address);</li>
 *   <li>the bootstrap addresses it was started with ({@code --bootstrap}, e.g. a Kubernetes
 *       Service in front of every node);</li>
 *   <li>the alternates of its Welcome, a hint that may be stale.</li>
 * </ol>
 * Within that order, an endpoint that could not be reached comes last and is tried again at most
 * every {@link #RETRY_UNREACHABLE_MILLIS} while others remain, so a dead address (a connection
 * timeout on a real network) costs one attempt now and then, not one per retry. When every
 * candidate of a round was tried, the next round starts after {@link #TRY_AGAIN_MILLIS} if some
 * node said the session is moving, else after a capped backoff; rounds repeat until the
 * connection's resume window closes, so any number of successive failovers is followed.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
public final class SessionLocator {
    /** Longest wait between two rounds of attempts. */
    static final long MAX_BACKOFF_MILLIS = 500;
    /** Wait before a new round when a node said the session is moving (it moves within seconds). */
    static final long TRY_AGAIN_MILLIS = 200;
    /** Most endpoints kept from one server message (the list comes from the network). */
    static final int MAX_NODES = 64;
    /** An unreachable endpoint is skipped this long while other candidates remain. */
    static final long RETRY_UNREACHABLE_MILLIS = 2000;

    /** Why an endpoint is a candidate, in the order of preference. */
    public enum Source { REDIRECT, LAST_NODE, LIVE_NODES, BOOTSTRAP, WELCOME_HINT, START }

    /** The next attempt: where, why, and after how long. */
    public record Attempt(String endpoint, Source source, long delayMillis) {
    }

    /**
     * A step of finding the session again, for a failover timeline.
     *
     * @param atMillis wall-clock time of the step
     * @param endpoint the endpoint it concerns
     * @param detail   the source of a lookup, the target of a redirect, or the reason of a failure
     */
    public record Event(long atMillis, Kind kind, String endpoint, String detail) {
        public enum Kind {
            /** Asking {@code endpoint} for the session (a connection with the resume token). */
            LOOKUP,
            /** {@code endpoint} answered that the session is on another node ({@code detail}). */
            REDIRECT,
            /** {@code endpoint} answered that the session is moving between nodes. */
            MOVING,
            /** {@code endpoint} could not be reached. */
            UNREACHABLE
        }
    }

    private final List<String> bootstrap;
    private final String start;
    private String redirect;
    private String lastNode;
    private List<String> liveNodes = List.of();
    private List<String> hints = List.of();
    /** When each endpoint last could not be reached, in millis; cleared when it answers. */
    private final Map<String, Long> failedAt = new HashMap<>();
    private final List<String> triedThisRound = new ArrayList<>();
    private int rounds;
    /** Whether a node of this round said the session is moving. */
    private boolean movingThisRound;

    /**
     * @param start     the endpoint the client was told to use ("host:port")
     * @param bootstrap well-known addresses of the deployment, possibly empty
     */
    public SessionLocator(String start, List<String> bootstrap) {
        this.start = Endpoints.require(start);
        this.bootstrap = bootstrap.stream().map(Endpoints::require).toList();
    }

    /** Joined {@code node}; its Welcome named {@code alternates}. */
    public void joined(String node, List<String> alternates) {
        lastNode = node;
        redirect = null;
        hints = alternates.stream().filter(Endpoints::valid).limit(MAX_NODES).toList();
        failedAt.remove(node);
        triedThisRound.clear();
        rounds = 0;
    }

    /** The joined node pushed the deployment's live nodes. */
    public void liveNodes(List<String> endpoints) {
        liveNodes = endpoints.stream().filter(Endpoints::valid).limit(MAX_NODES).toList();
    }

    /**
     * {@code endpoint} sent a redirect to {@code target}: go there next, at once, unless the
     * target could not be reached just now. Right after a crash the dead owner still holds the
     * lease for a few seconds and nodes redirect to it; that counts as "moving" instead, and the
     * node that answered is asked again shortly.
     */
    public void redirected(String endpoint, String target) {
        answered(endpoint);
        Long failed = failedAt.get(target);
        boolean dead = failed != null && System.currentTimeMillis() - failed < RETRY_UNREACHABLE_MILLIS;
        redirect = Endpoints.valid(target) && !dead ? target : null;
        movingThisRound |= dead;
    }

    /** {@code endpoint} answered (a refusal, "try again", a redirect): it is alive. */
    public void answered(String endpoint) {
        failedAt.remove(endpoint);
    }

    /** {@code endpoint} could not be reached (refused, timed out, reset before any answer). */
    public void unreachable(String endpoint) {
        failedAt.put(endpoint, System.currentTimeMillis());
        if (endpoint.equals(redirect)) {
            redirect = null;
        }
    }

    /** The first attempt of all. */
    public Attempt first() {
        triedThisRound.add(start);
        return new Attempt(start, Source.START, 0);
    }

    /**
     * The next attempt after the last one ended without a join. {@code tryAgain} is true when a
     * node answered that the session is moving.
     */
    public Attempt next(boolean tryAgain) {
        movingThisRound |= tryAgain;
        if (redirect != null) {
            String target = redirect;
            redirect = null;
            triedThisRound.add(target);
            return new Attempt(target, Source.REDIRECT, 0);
        }
        Map<String, Source> candidates = candidates();
        long now = System.currentTimeMillis();
        String best = pick(candidates, now, false);
        long delay = 0;
        if (best == null) {
            // Every candidate worth trying now was tried in this round: start another.
            delay = movingThisRound ? TRY_AGAIN_MILLIS : Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(rounds, 4));
            rounds++;
            movingThisRound = false;
            triedThisRound.clear();
            best = pick(candidates, now, false);
            if (best == null) {
                best = pick(candidates, now, true); // every one is unreachable: the oldest failure first
            }
        }
        triedThisRound.add(best);
        return new Attempt(best, candidates.get(best), delay);
    }

    /** The best candidate not tried in this round; unreachable ones only when {@code anyFailed}. */
    private String pick(Map<String, Source> candidates, long now, boolean anyFailed) {
        String best = null;
        for (String endpoint : candidates.keySet()) {
            Long failed = failedAt.get(endpoint);
            boolean skip = triedThisRound.contains(endpoint)
                    || (!anyFailed && failed != null && now - failed < RETRY_UNREACHABLE_MILLIS);
            if (!skip && (best == null || better(endpoint, best))) {
                best = endpoint;
            }
        }
        return best;
    }

    /** Checks addresses given by a person ("host:port" each); the message names the bad one. */
    public static void requireAddresses(List<String> addresses) {
        addresses.forEach(Endpoints::require);
    }

    /** Every known endpoint with its best source, in the order of preference of the sources. */
    Map<String, Source> candidates() {
        Map<String, Source> all = new LinkedHashMap<>();
        if (lastNode != null) {
            all.putIfAbsent(lastNode, Source.LAST_NODE);
        }
        liveNodes.forEach(e -> all.putIfAbsent(e, Source.LIVE_NODES));
        bootstrap.forEach(e -> all.putIfAbsent(e, Source.BOOTSTRAP));
        hints.forEach(e -> all.putIfAbsent(e, Source.WELCOME_HINT));
        all.putIfAbsent(start, Source.START);
        return all;
    }

    /**
     * Whether {@code a} should be tried before {@code b}, given that {@code b} comes first in
     * source order: reachable before unreachable, then the older failure first.
     */
    private boolean better(String a, String b) {
        Long failedA = failedAt.get(a);
        Long failedB = failedAt.get(b);
        if (failedA == null || failedB == null) {
            return failedA == null && failedB != null;
        }
        return failedA < failedB;
    }

    /** Every endpoint this client knows of now, in source order. */
    public List<String> known() {
        return List.copyOf(candidates().keySet());
    }

    /** "host:port" strings as the protocol carries them. */
    static final class Endpoints {
        private Endpoints() {
        }

        static boolean valid(String endpoint) {
            int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
            if (colon <= 0) {
                return false;
            }
            try {
                int port = Integer.parseInt(endpoint.substring(colon + 1));
                return port > 0 && port < 65536;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        static String require(String endpoint) {
            if (!valid(endpoint)) {
                throw new IllegalArgumentException("an address must be HOST:PORT, was " + endpoint);
            }
            return endpoint;
        }

        static String host(String endpoint) {
            return endpoint.substring(0, endpoint.lastIndexOf(':'));
        }

        static int port(String endpoint) {
            return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        }
    }
}
