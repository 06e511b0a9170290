package ensemble.server.store;

import java.util.Objects;

/** An event read back from a session's stream, with its position. */
public record StoredEvent(EventId id, EventRecord event) {
    public StoredEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
    }
}
