package ensemble.server.store;

/** Life cycle of a session as recorded in Redis. */
public enum SessionStatus {
    /** Created, waiting for participants or a facilitator's start. */
    LOBBY,
    RUNNING,
    PAUSED,
    /** Over; its data expires after the retention time. */
    ENDED
}
