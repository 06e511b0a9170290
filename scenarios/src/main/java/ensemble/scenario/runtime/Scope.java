package ensemble.scenario.runtime;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Condition;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The life of a step or an armed trigger: when it began (scenario time) and which of its event
 * conditions have happened since, how often, and by whom last. Bounded by the number of conditions
 * it watches (the conditions of the step or trigger and those of {@code if} actions in its lists).
 */
final class Scope {

    final long startedAtMs;
    private final List<Condition> eventLeaves = new ArrayList<>();
    /** Latched event conditions, by identity, with the participant who did it last ("" when unknown). */
    private final Map<Condition, String> happened = new IdentityHashMap<>();
    private final Map<Condition, Integer> counts = new IdentityHashMap<>();

    Scope(long startedAtMs, List<Condition> watched) {
        this.startedAtMs = startedAtMs;
        watched.forEach(this::collect);
    }

    /** The conditions of {@code if} actions in {@code actions}, nested ones too, for a scope to watch. */
    static List<Condition> conditionsIn(List<Action> actions) {
        List<Condition> out = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.If branch) {
                out.add(branch.when());
                out.addAll(conditionsIn(branch.then()));
                out.addAll(conditionsIn(branch.otherwise()));
            } else if (a instanceof Action.Random random) {
                random.choices().forEach(choice -> out.addAll(conditionsIn(choice.actions())));
            }
        }
        return out;
    }

    private void collect(Condition c) {
        if (c instanceof Condition.All all) {
            all.of().forEach(this::collect);
        } else if (c instanceof Condition.Any any) {
            any.of().forEach(this::collect);
        } else if (c instanceof Condition.Not not) {
            collect(not.of());
        } else if (c instanceof Condition.Count count) {
            collect(count.of());
        } else if (Events.isEvent(c)) {
            eventLeaves.add(c);
        }
    }

    List<Condition> eventLeaves() {
        return eventLeaves;
    }

    void latch(Condition leaf, String participantId) {
        happened.put(leaf, participantId == null ? "" : participantId);
        counts.merge(leaf, 1, Integer::sum);
    }

    /** Who made the event condition happen last (empty string when unknown); empty when it has not happened. */
    Optional<String> happenedBy(Condition leaf) {
        return Optional.ofNullable(happened.get(leaf));
    }

    /** How often the event condition has happened in this scope. */
    int count(Condition leaf) {
        return counts.getOrDefault(leaf, 0);
    }

    /** The count of each event leaf, in the order they were collected (what a checkpoint keeps). */
    List<Integer> counts() {
        return eventLeaves.stream().map(this::count).toList();
    }

    /** Puts back counts saved by {@link #counts()} for the same conditions; who did them is not kept. */
    void restoreCounts(List<Integer> saved) {
        for (int i = 0; i < Math.min(saved.size(), eventLeaves.size()); i++) {
            if (saved.get(i) > 0) {
                happened.put(eventLeaves.get(i), "");
                counts.put(eventLeaves.get(i), saved.get(i));
            }
        }
    }
}
