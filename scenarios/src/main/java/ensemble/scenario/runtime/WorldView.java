package ensemble.scenario.runtime;

import ensemble.scenario.model.Vec3;

import java.util.List;
import java.util.Optional;

/**
 * What the runtime may look at in the world on a tick: who is where, and where entities are. The
 * server implements it over its session world, the simulator over its simulated one. Called only
 * from the thread that calls {@link ScenarioRuntime#tick}.
 */
public interface WorldView {

    /** A participant and where their head is (metres). */
    record Participant(String id, String role, Vec3 head) {
    }

    List<Participant> participants();

    /** Where the entity is now; empty when it is not in the world (despawned, hidden). */
    Optional<Vec3> entityPosition(String entityId);

    /** The participant holding the entity, if any. */
    Optional<String> holderOf(String entityId);

    /** A world with nobody in it, for ticking timers only. */
    WorldView EMPTY = new WorldView() {
        public List<Participant> participants() {
            return List.of();
        }

        public Optional<Vec3> entityPosition(String entityId) {
            return Optional.empty();
        }

        public Optional<String> holderOf(String entityId) {
            return Optional.empty();
        }
    };
}
