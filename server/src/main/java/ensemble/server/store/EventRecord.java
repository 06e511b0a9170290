package ensemble.server.store;

import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened in a session, as the store keeps it: a scenario event, a score, a chat
 * line, a facilitator command, feedback. The store does not know the kinds: {@code type} and
 * {@code data} are the session's to define.
 *
 * @param type       what happened, e.g. {@code grab}, {@code chat}, {@code step}
 * @param tick       session tick it happened at
 * @param wallMillis wall-clock time, epoch milliseconds
 * @param actor      participant id of whoever did it; null for the scenario or the system
 * @param data       the details, at most {@link #MAX_DATA_ENTRIES} entries
 */
public record EventRecord(String type, long tick, long wallMillis, String actor, Map<String, String> data) {

    /** Most data entries one event may carry. */
    public static final int MAX_DATA_ENTRIES = 64;
    /** Longest type, data key or data value, in characters. */
    public static final int MAX_TEXT_LENGTH = 4096;

    public EventRecord {
        requireText("type", type);
        if (type.isEmpty()) {
            throw new IllegalArgumentException("event type is empty");
        }
        if (tick < 0) {
            throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        }
        if (actor != null) {
            RedisKeys.requireId("participant", actor);
        }
        Objects.requireNonNull(data, "data");
        if (data.size() > MAX_DATA_ENTRIES) {
            throw new IllegalArgumentException("event has " + data.size() + " data entries, at most " + MAX_DATA_ENTRIES);
        }
        data.forEach((k, v) -> {
            requireText("data key", k);
            requireText("data value", v);
        });
        data = Map.copyOf(data);
    }

    private static void requireText(String what, String text) {
        Objects.requireNonNull(text, what);
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(what + " is " + text.length() + " characters, at most " + MAX_TEXT_LENGTH);
        }
    }

    /** True when the event is by this participant or names them as a data value. */
    public boolean concerns(String participantId) {
        return participantId.equals(actor) || data.containsValue(participantId);
    }
}
