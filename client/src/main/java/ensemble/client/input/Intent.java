package ensemble.client.input;

/** What a person asks to do with the entity they point at; the server's answer decides. */
public enum Intent {
    /** Grab what the pointer is on, or release what the hand holds. */
    GRAB_OR_RELEASE,
    /** Use what the pointer is on (or what the hand holds). */
    USE
}
