package ensemble.server.store;

import java.util.List;

/**
 * What {@link Privacy#forget} deleted.
 *
 * @param participantId   whose data
 * @param sessions        sessions the person had data in
 * @param liveSessions    of those, sessions not ended yet: a running session still holds the
 *                        person in memory and may write them again; remove them from it first
 * @param eventsDeleted   events by or about the person
 * @param checkpointsDeleted world checkpoints of ended sessions (opaque bytes that may show them)
 * @param recordingsDeleted after-action recordings of ended sessions (they hold everyone's poses)
 */
public record ForgetReport(String participantId, List<String> sessions, List<String> liveSessions, long eventsDeleted,
                           int checkpointsDeleted, int recordingsDeleted) {
    public ForgetReport {
        sessions = List.copyOf(sessions);
        liveSessions = List.copyOf(liveSessions);
    }
}
