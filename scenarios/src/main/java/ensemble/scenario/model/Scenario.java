package ensemble.scenario.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A scenario as read from {@code scenario.yaml}: immutable, already validated when it comes from
 * the validator or the catalogue. {@code folder} is where its assets are.
 *
 * @param durationMinutes expected duration, for planning sessions
 */
public record Scenario(String id, String version, String title, String summary, int durationMinutes,
                       List<Objective> objectives, List<Role> roles, Environment environment,
                       List<Variable> variables, List<Entity> entities, List<Zone> zones,
                       List<Step> steps, List<Trigger> triggers, Scoring scoring,
                       List<DebriefQuestion> debrief, Path file, SourcePos pos) {

    public Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath();
    }

    public Optional<Role> role(String id) {
        return roles.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public Optional<Entity> entity(String id) {
        return entities.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public Optional<Zone> zone(String id) {
        return zones.stream().filter(z -> z.id().equals(id)).findFirst();
    }

    public Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Trigger> trigger(String id) {
        return triggers.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<Variable> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<Objective> objective(String id) {
        return objectives.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** The step after {@code step} in file order, or empty for the last one. */
    public Optional<Step> stepAfter(Step step) {
        int i = steps.indexOf(step);
        return i >= 0 && i + 1 < steps.size() ? Optional.of(steps.get(i + 1)) : Optional.empty();
    }
}
