package ensemble.scenario.model;

/** A named scenario variable; its kind is fixed by its initial value. */
public record Variable(String name, Value initial, SourcePos pos) {
}
