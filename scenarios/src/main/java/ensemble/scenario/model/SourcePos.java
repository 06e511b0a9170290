package ensemble.scenario.model;

/**
 * Where a node of a scenario file starts: 1-based line and column, as an editor shows them.
 * {@link #NONE} marks nodes made by code rather than read from a file.
 */
public record SourcePos(int line, int col) {
    public static final SourcePos NONE = new SourcePos(0, 0);
}
