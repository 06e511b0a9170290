package ensemble.server.analytics;

import java.util.Map;

/**
 * Time participants spent near each other in one session, as the {@link ProximitySampler} summed
 * it: per unordered pair, and per participant near at least one other person.
 *
 * @param pairMillis   "a b" (ids in string order, one space) to milliseconds near each other
 * @param personMillis participant id to milliseconds near anybody
 */
public record Proximity(Map<String, Long> pairMillis, Map<String, Long> personMillis) {
    public static final Proximity NONE = new Proximity(Map.of(), Map.of());

    public Proximity {
        pairMillis = Map.copyOf(pairMillis);
        personMillis = Map.copyOf(personMillis);
    }

    /** The field name of a pair: both ids in string order, separated by one space (ids have none). */
    public static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }
}
