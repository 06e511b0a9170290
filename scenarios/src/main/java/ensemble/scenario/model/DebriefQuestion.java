package ensemble.scenario.model;

import java.util.Optional;

/** A question for the after-action review, optionally tied to a learning objective. */
public record DebriefQuestion(String question, Optional<Ref> objective, SourcePos pos) {
}
