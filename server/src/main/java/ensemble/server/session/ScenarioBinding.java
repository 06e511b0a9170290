package ensemble.server.session;

/**
 * The scenario running in a session, as the session's tick sees it. Implemented by the adapter
 * over the scenario runtime; a session without a scenario (a plain test room) has none.
 * Every method runs on the session's tick thread.
 */
public interface ScenarioBinding {
    /** Starts the scenario at its first step. */
    void start(long nowMillis);

    /** Advances timers and conditions; called once per tick while running. */
    void tick(long nowMillis);

    void pause(long nowMillis);

    void resume(long nowMillis);

    /** Back to the first step with scores and variables cleared. */
    void reset(long nowMillis);

    /** Facilitator override; false when there is no such step. */
    boolean gotoStep(String stepId, String by);

    /** Fires a facilitator inject; false when there is no such trigger. */
    boolean inject(String triggerId, String by);

    /**
     * Ends the run by the facilitator's hand with {@code outcome}: the current step is left as skipped
     * and the run ends as if an ending were reached (an {@code ended} event, so the report, analytics,
     * leaderboard and xAPI see a finished run). False when the scenario is not running.
     */
    boolean end(String outcome, String by);

    /** Something happened in the world: grab, release, use, chat, join, leave. */
    void onWorldEvent(String type, Participant participant, String target, String detail);

    /** Id of the current step (the first active one), or empty. */
    String currentStep();

    /** The instruction the given role sees now, or empty. */
    String instructionFor(String role);

    /** Ids of the scenario's steps, in order (for the console's timeline). */
    java.util.List<String> stepIds();

    /** Ids of the triggers the console offers to inject (those with an inject label). */
    java.util.List<String> injectIds();

    /** Ids of every trigger: any of them can be injected by id, labelled or not. */
    java.util.List<String> triggerIds();

    /** True once the scenario reached an ending. */
    boolean ended();
}
