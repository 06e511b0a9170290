package ensemble.server.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node needs to take a session over: its record, participants, the latest checkpoint (if
 * any) and every event after it, in order.
 *
 * @param lastAppended the highest event id the stream ever held (deleted ones included): a
 *                     {@link SessionJournal} for this session must continue after it
 */
public record RestorePoint(SessionRecord session, List<Participant> participants, Optional<Checkpoint> checkpoint,
                           List<StoredEvent> eventsAfter, EventId lastAppended) {
    public RestorePoint {
        Objects.requireNonNull(session, "session");
        participants = List.copyOf(participants);
        Objects.requireNonNull(checkpoint, "checkpoint");
        eventsAfter = List.copyOf(eventsAfter);
        Objects.requireNonNull(lastAppended, "lastAppended");
    }
}
