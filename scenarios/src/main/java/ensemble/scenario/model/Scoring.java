package ensemble.scenario.model;

import java.util.List;
import java.util.Optional;

/** The rubric: criteria worth points, each tied to a learning objective, and the pass mark. */
public record Scoring(List<Criterion> criteria, int passMark, SourcePos pos) {

    public static final Scoring NONE = new Scoring(List.of(), 0, SourcePos.NONE);

    /** A thing assessed; score actions award up to {@code maxPoints} (or deduct, as penalties). */
    public record Criterion(String id, Ref objective, String description, int maxPoints, SourcePos pos) {
    }

    public Optional<Criterion> criterion(String id) {
        return criteria.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
