package ensemble.scenario.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stage of the scenario. Exactly one step is current at a time; per-role work that happens at
 * the same time is written as {@link Task}s of the step.
 *
 * <p>A step completes when all its tasks are done, every {@link Track} has done its tasks in order
 * (the tracks join), and {@code completeWhen} (if any) holds. Then
 * {@code onComplete} runs and the scenario moves to the first branch whose condition holds, else
 * to {@code next}, else to the following step in the file; after the last step it ends with
 * outcome {@code completed}. When {@code timeLimitMs} passes first, {@code onTimeout} runs and the
 * scenario moves on the same way, without looking at branches. A {@code goto} or {@code end}
 * action in those lists takes precedence.
 *
 * @param instructions text per role id, with {@code {expression}} holes filled in when the step
 *                     starts (or a track moves on); the key {@code everyone} is shown to every role without
 *                     its own entry
 * @param timeLimitMs  0 for no limit
 */
public record Step(String id, String title, Map<String, TextTemplate> instructions,
                   Optional<Condition> completeWhen, List<Task> tasks, List<Track> tracks, long timeLimitMs,
                   List<Action> onComplete, List<Action> onTimeout, List<Branch> branches,
                   Optional<Ref> next, SourcePos pos, Map<String, SourcePos> instructionPos) {

    public static final String EVERYONE = "everyone";

    /** The instruction a participant of {@code roleId} sees, or empty. */
    public Optional<TextTemplate> instructionFor(String roleId) {
        TextTemplate own = instructions.get(roleId);
        return Optional.ofNullable(own != null ? own : instructions.get(EVERYONE));
    }

    /** The step's tasks and those of its tracks, in file order. */
    public List<Task> allTasks() {
        List<Task> all = new java.util.ArrayList<>(tasks);
        tracks.forEach(t -> all.addAll(t.tasks()));
        return all;
    }

    /** Whether the step can complete at all (it has something to complete on). */
    public boolean completes() {
        return completeWhen.isPresent() || !tasks.isEmpty() || !tracks.isEmpty();
    }

    /**
     * A role's own line of work during a step: its tasks one after the other (a task's condition is
     * looked at once the one before it is done; events count from the start of the step). Tracks
     * of several roles progress independently and join when the step completes.
     */
    public record Track(String id, Ref role, List<Task> tasks, SourcePos pos) {
    }

    /** Work one role does in parallel with the others during a step. */
    public record Task(String id, Ref role, TextTemplate instructions, Condition completeWhen,
                       List<Action> onComplete, SourcePos pos) {
    }

    /** Where to go when the step completes and {@code when} holds: another step, or an ending. */
    public record Branch(Condition when, Exit exit, SourcePos pos) {
    }

    /** A branch's destination. */
    public sealed interface Exit {
        /** {@code goto: step}. */
        record ToStep(Ref step) implements Exit {
        }

        /** {@code end: outcome}: the run ends there, without a step of its own. */
        record ToEnd(String outcome, SourcePos pos) implements Exit {
        }
    }
}
