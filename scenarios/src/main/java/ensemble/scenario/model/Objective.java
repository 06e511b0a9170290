package ensemble.scenario.model;

/** A learning objective; scoring criteria and debrief questions point at it. */
public record Objective(String id, String text, SourcePos pos) {
}
