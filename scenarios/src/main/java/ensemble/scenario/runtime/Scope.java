package ensemble.scenario.runtime;

import ensemble.scenario.model.Condition;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The life of a step or an armed trigger: when it began (scenario time) and which of its event
 * conditions have happened since, by whom. Bounded by the number of conditions it watches.
 */
final class Scope {

    final long startedAtMs;
    private final List<Condition> eventLeaves = new ArrayList<>();
    /** Latched event conditions, by identity, with the participant who did it ("" when unknown). */
    private final Map<Condition, String> happened = new IdentityHashMap<>();

    Scope(long startedAtMs, List<Condition> watched) {
        this.startedAtMs = startedAtMs;
        watched.forEach(this::collect);
    }

    private void collect(Condition c) {
        if (c instanceof Condition.All all) {
            all.of().forEach(this::collect);
        } else if (c instanceof Condition.Any any) {
            any.of().forEach(this::collect);
        } else if (c instanceof Condition.Not not) {
            collect(not.of());
        } else if (Events.isEvent(c)) {
            eventLeaves.add(c);
        }
    }

    List<Condition> eventLeaves() {
        return eventLeaves;
    }

    void latch(Condition leaf, String participantId) {
        happened.put(leaf, participantId == null ? "" : participantId);
    }

    /** Who made the event condition happen (empty string when unknown); empty when it has not happened. */
    Optional<String> happenedBy(Condition leaf) {
        return Optional.ofNullable(happened.get(leaf));
    }
}
