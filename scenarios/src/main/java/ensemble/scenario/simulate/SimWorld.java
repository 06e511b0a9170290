package ensemble.scenario.simulate;

import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Role;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Vec3;
import ensemble.scenario.runtime.Effect;
import ensemble.scenario.runtime.WorldView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's world: one simulated participant per required place of each role (at least one),
 * standing at the role's spawn point; entities where the scenario puts them; a held entity moves
 * with its holder's head. Applies the runtime's spawn, despawn and move effects.
 */
final class SimWorld implements WorldView {

    private final Map<String, Participant> people = new LinkedHashMap<>();
    private final Map<String, Vec3> things = new HashMap<>();
    private final Map<String, String> holders = new HashMap<>();

    SimWorld(Scenario s) {
        for (Role r : s.roles()) {
            int count = Math.max(1, r.minCount());
            for (int i = 1; i <= count; i++) {
                Vec3 head = new Vec3(r.spawn().x() + 0.4 * (i - 1), r.spawn().y() + ScenarioLimits.SIM_HEAD_Y, r.spawn().z());
                people.put(r.id() + "-" + i, new Participant(r.id() + "-" + i, r.id(), head));
            }
        }
        for (Entity e : s.entities()) {
            if (e.present()) {
                things.put(e.id(), e.position());
            }
        }
    }

    List<Participant> ofRole(Optional<String> role) {
        return people.values().stream().filter(p -> role.map(r -> r.equals(p.role())).orElse(true)).toList();
    }

    void moveTo(String participantId, Vec3 head) {
        Participant p = people.get(participantId);
        people.put(participantId, new Participant(p.id(), p.role(), head));
        holders.forEach((entity, holder) -> {
            if (holder.equals(participantId)) {
                things.put(entity, head);
            }
        });
    }

    void hold(String entityId, String participantId) {
        holders.put(entityId, participantId);
        things.put(entityId, people.get(participantId).head());
    }

    void drop(String entityId) {
        holders.remove(entityId);
    }

    void apply(List<Effect> effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Spawn sp) {
                things.put(sp.entity().id(), sp.position());
            } else if (e instanceof Effect.Despawn d) {
                things.remove(d.entityId());
                holders.remove(d.entityId());
            } else if (e instanceof Effect.Move m) {
                things.put(m.entityId(), m.position());
                holders.remove(m.entityId());
            }
        }
    }

    @Override
    public List<Participant> participants() {
        return new ArrayList<>(people.values());
    }

    @Override
    public Optional<Vec3> entityPosition(String entityId) {
        return Optional.ofNullable(things.get(entityId));
    }

    @Override
    public Optional<String> holderOf(String entityId) {
        return Optional.ofNullable(holders.get(entityId));
    }
}
