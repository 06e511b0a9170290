package ensemble.scenario.model;

/**
 * A reference by id to another part of the scenario (a role, entity, zone, step, ...), with the
 * position of the id itself so that an unknown reference is reported exactly where it is written.
 */
public record Ref(String id, SourcePos pos) {
    @Override
    public String toString() {
        return id;
    }
}
