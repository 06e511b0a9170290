package ensemble.scenario.runtime;

import ensemble.scenario.model.Vec3;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A hand-moved world for runtime tests: put people and things where the test needs them. */
final class FakeWorld implements WorldView {

    private final Map<String, Participant> people = new LinkedHashMap<>();
    private final Map<String, Vec3> things = new HashMap<>();
    private final Map<String, String> holders = new HashMap<>();

    FakeWorld put(String id, String role, Vec3 head) {
        people.put(id, new Participant(id, role, head));
        return this;
    }

    FakeWorld thing(String id, Vec3 at) {
        things.put(id, at);
        return this;
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
