package ensemble.server.assess;

/**
 * One part of a session's report, computed from the server's own record of the session. The
 * report is the built-in parts (rubric, steps, timeline, feedback) plus every section registered
 * with {@link Reports#add}: team analytics adds its own here. Runs on a store thread; it may read
 * Redis through what it was built with, but must stay well under a second.
 */
public interface ReportSection {
    /** The key of this part in the report JSON, e.g. {@code "analytics"}. */
    String name();

    /** The part's JSON value (maps, lists, strings, numbers), or null to leave it out. */
    Object build(ReportContext context);
}
