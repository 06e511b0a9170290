package ensemble.scenario;

/** Every bound and tunable of the scenario module, in one place. */
public final class ScenarioLimits {

    /** Largest scenario.yaml read, in bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** Heights (metres above y = 0) a participant's head can be at: crouching to tall, standing. */
    public static final double HEAD_MIN_Y = 0.3;
    public static final double HEAD_MAX_Y = 2.5;

    /** Height at which simulated participants' heads move. */
    public static final double SIM_HEAD_Y = 1.6;

    /** Largest scene extent the server can quantise to millimetres (see PoseQuantizer). */
    public static final double MAX_BOUNDS_METRES = 2000;

    /** Largest number of scenario folders a catalogue directory may hold. */
    public static final int MAX_CATALOG_SCENARIOS = 1000;

    /** Most participants the runtime tracks; more Joined events are ignored. */
    public static final int MAX_PARTICIPANTS = 256;

    /** Most chat characters a say condition looks at. */
    public static final int MAX_SAID_CHARS = 1000;

    /**
     * Most character reads one {@code matches} search may make (see BoundedRegex): a linear
     * pattern reads a 1,000-character line a few times; backtracking past this is refused.
     */
    public static final int MAX_REGEX_STEPS = 200_000;

    /** Most transitions the runtime makes in one call; a scenario looping faster is stopped there. */
    public static final int MAX_TRANSITIONS_PER_CALL = 32;

    /** Simulator: most plays explored per scenario, and most steps in one play. */
    public static final int SIM_MAX_PLAYS = 400;
    public static final int SIM_MAX_STEPS_PER_PLAY = 64;

    /** Simulator: seeds each choice sequence is played with when the scenario draws at random. */
    public static final int SIM_RANDOM_SEEDS = 4;

    /** Simulator: tick length and the longest it waits for something to happen, in milliseconds. */
    public static final long SIM_TICK_MS = 250;
    public static final long SIM_MAX_WAIT_MS = 30 * 60 * 1000;

    private ScenarioLimits() {
    }
}
