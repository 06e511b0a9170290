package ensemble.server.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stream entry fields of an event. Flat fields, so that {@code redis-cli XRANGE} is readable:
 * {@code type}, {@code tick}, {@code wall}, {@code actor} (absent for system events) and one
 * {@code d.<key>} field per data entry.
 */
final class EventCodec {
    static final String TYPE = "type";
    static final String TICK = "tick";
    static final String WALL = "wall";
    static final String ACTOR = "actor";
    static final String DATA_PREFIX = "d.";

    private EventCodec() {
    }

    static Map<String, String> encode(EventRecord event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(TYPE, event.type());
        fields.put(TICK, Long.toString(event.tick()));
        fields.put(WALL, Long.toString(event.wallMillis()));
        if (event.actor() != null) {
            fields.put(ACTOR, event.actor());
        }
        event.data().forEach((k, v) -> fields.put(DATA_PREFIX + k, v));
        return fields;
    }

    static EventRecord decode(Map<String, String> fields) {
        Map<String, String> data = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(DATA_PREFIX)) {
                data.put(k.substring(DATA_PREFIX.length()), v);
            }
        });
        return new EventRecord(fields.getOrDefault(TYPE, "unknown"), Long.parseLong(fields.getOrDefault(TICK, "0")),
                Long.parseLong(fields.getOrDefault(WALL, "0")), fields.get(ACTOR), data);
    }
}
