package ensemble.scenario.runtime;

import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Variable;
import ensemble.scenario.model.Vec3;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The mutable state of one run: variables, entities as the scenario left them, who is here, scores. */
final class RunState {

    final Map<String, Value> variables = new LinkedHashMap<>();
    final Map<String, String> entityStates = new HashMap<>();
    final Map<String, Boolean> entityPresent = new HashMap<>();
    /** Positions set by the scenario (declared, spawn, move); the world view wins when it knows better. */
    final Map<String, Vec3> entityPositions = new HashMap<>();
    final Set<String> completed = new HashSet<>();
    /** Participant id to role id, from Joined events and the world view. */
    final Map<String, String> roster = new LinkedHashMap<>();
    /** Zones each participant's head was in at the last tick. */
    final Map<String, Set<String>> zonesOf = new HashMap<>();
    final Scoreboard scores = new Scoreboard();
    List<WorldView.Participant> lastSeen = List.of();

    RunState(Scenario s) {
        for (Variable v : s.variables()) {
            variables.put(v.name(), v.initial());
        }
        for (Entity e : s.entities()) {
            entityStates.put(e.id(), e.state());
            entityPresent.put(e.id(), e.present());
            entityPositions.put(e.id(), e.position());
        }
    }

    void join(String participantId, String role) {
        if (roster.containsKey(participantId) || roster.size() < ScenarioLimits.MAX_PARTICIPANTS) {
            roster.put(participantId, role);
        }
    }

    void leave(String participantId) {
        roster.remove(participantId);
        zonesOf.remove(participantId);
    }

    String roleOf(String participantId) {
        return roster.getOrDefault(participantId, "");
    }

    /** Where the entity is, or empty when it is not in the world. */
    Optional<Vec3> entityAt(String id, WorldView view) {
        if (!entityPresent.getOrDefault(id, false)) {
            return Optional.empty();
        }
        return view.entityPosition(id).or(() -> Optional.ofNullable(entityPositions.get(id)));
    }
}
