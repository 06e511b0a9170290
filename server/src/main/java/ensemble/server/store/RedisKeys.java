package ensemble.server.store;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Redis key layout, in one place. Nothing else in the code base spells a key.
 *
 * <p>Every key of one session carries the hash tag {@code {sessionId}}, so Redis Cluster keeps
 * them on one slot and a Lua script may touch several of them at once (an event append checks
 * the session's lease in the same script). Keys that are not about one session are global; no
 * command ever names a global key together with a session key, so every command is single-slot.
 *
 * <pre>
 * ens:{s}:session        hash    the session record ({@link SessionRecord})
 * ens:{s}:participants   hash    participant id -> participant JSON ({@link Participant})
 * ens:{s}:resume         hash    resume-token hash -> participant id
 * ens:{s}:events         stream  the event history; entry id = "&lt;sequence&gt;-0" ({@link EventId})
 * ens:{s}:checkpoint     hash    latest world checkpoint: tick, lastEvent, savedAt, world bytes
 * ens:{s}:lease          string  id of the node that owns the session; expires unless renewed
 * ens:{s}:recording      list    after-action recording entries (RecordingEntry protobuf bytes), oldest first
 * ens:{s}:report         string  the assessment report JSON, as last computed
 * ens:{s}:review         hash    review settings of the session (anonymous feedback: "true"/"false")
 * ens:recordings         zset    imported recording id -> import time (epoch ms)
 * ens:directory          hash    session id -> node id hosting it (live sessions only)
 * ens:node:{n}           string  node info JSON; expires unless the node heartbeats
 * ens:nodes              zset    node id -> last heartbeat (epoch ms), to list nodes
 * ens:person:{p}:sessions set    session ids a participant took part in (privacy export/forget)
 *
 * learning record (analytics, xAPI); expire with the session's retention once delivered:
 * ens:{s}:proximity      hash    "a b" / participant id -> milliseconds near each other / anybody
 * ens:{s}:leaderboard    hash    opt-in of the session: team, cohort (absent: not on any board)
 * ens:{s}:xapi           hash    registration (UUID), cursor (last event turned into statements)
 * ens:{s}:xapi:outbox    zset    statement JSON not yet accepted by the LRS, scored by order
 * ens:{s}:xapi:rejected  zset    statements the LRS refused as invalid (400/409), kept for a person to look at
 * ens:{s}:xapi:claim     string  node delivering the session's statements; expires
 * ens:leaderboard:{c}    set     session ids on cohort c's leaderboard
 * ens:xapi:sessions      set     session ids with events to convert or statements to deliver
 * </pre>
 */
public final class RedisKeys {

    /** Prefix of every key, so Ensemble can share a Redis with other applications. */
    public static final String PREFIX = "ens:";
    /** Longest accepted session, participant or node id. */
    public static final int MAX_ID_LENGTH = 128;

    // Braces would change the hash tag; whitespace and control characters make keys unreadable in redis-cli.
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:@+\\-]{1," + MAX_ID_LENGTH + "}");

    private RedisKeys() {
    }

    /** Rejects ids that cannot be part of a key: empty, too long, or with braces or spaces. */
    public static String requireId(String kind, String id) {
        if (id == null || !VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(kind + " id must be 1.." + MAX_ID_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : @ + -, was " + (id == null ? "null" : "'" + id + "'"));
        }
        return id;
    }

    private static String session(String sessionId, String suffix) {
        return PREFIX + "{" + requireId("session", sessionId) + "}:" + suffix;
    }

    public static String sessionRecord(String sessionId) {
        return session(sessionId, "session");
    }

    public static String participants(String sessionId) {
        return session(sessionId, "participants");
    }

    public static String resumeTokens(String sessionId) {
        return session(sessionId, "resume");
    }

    public static String events(String sessionId) {
        return session(sessionId, "events");
    }

    public static String checkpoint(String sessionId) {
        return session(sessionId, "checkpoint");
    }

    public static String lease(String sessionId) {
        return session(sessionId, "lease");
    }

    /** The session's after-action recording (record package); expires with the session's data. */
    public static String recording(String sessionId) {
        return session(sessionId, "recording");
    }

    /** The session's assessment report (assess package). */
    public static String report(String sessionId) {
        return session(sessionId, "report");
    }

    /** The session's review settings (assess package). */
    public static String review(String sessionId) {
        return session(sessionId, "review");
    }

    /** Keys of the after-action review of a session: they get the session's retention when it ends. */
    public static List<String> reviewData(String sessionId) {
        return List.of(recording(sessionId), report(sessionId), review(sessionId));
    }

    /** Recordings imported from files (their ids are session ids of their own). */
    public static String importedRecordings() {
        return PREFIX + "recordings";
    }

    /** Every key of a session that holds its data (not the lease), for retention and deletion. */
    public static List<String> sessionData(String sessionId) {
        return List.of(sessionRecord(sessionId), participants(sessionId), resumeTokens(sessionId),
                events(sessionId), checkpoint(sessionId));
    }

    /**
     * Every key a session can have besides its lease and xAPI claim (which expire by themselves),
     * all on its slot:
     * its data, its review and its learning record. Ending or deleting a session gives each the
     * retention time; docs/operations.md lists them with their lifecycles.
     */
    public static List<String> everySessionKey(String sessionId) {
        List<String> keys = new java.util.ArrayList<>(sessionData(sessionId));
        keys.addAll(reviewData(sessionId));
        keys.addAll(learningRecordData(sessionId));
        return List.copyOf(keys);
    }

    /** The learning-record keys of a session (all on its slot), for retention. */
    public static List<String> learningRecordData(String sessionId) {
        return List.of(proximity(sessionId), leaderboardEntry(sessionId), xapi(sessionId), xapiOutbox(sessionId),
                xapiRejected(sessionId));
    }

    public static String proximity(String sessionId) {
        return session(sessionId, "proximity");
    }

    public static String leaderboardEntry(String sessionId) {
        return session(sessionId, "leaderboard");
    }

    public static String xapi(String sessionId) {
        return session(sessionId, "xapi");
    }

    public static String xapiOutbox(String sessionId) {
        return session(sessionId, "xapi:outbox");
    }

    public static String xapiRejected(String sessionId) {
        return session(sessionId, "xapi:rejected");
    }

    public static String xapiClaim(String sessionId) {
        return session(sessionId, "xapi:claim");
    }

    public static String leaderboard(String cohort) {
        return PREFIX + "leaderboard:{" + requireId("cohort", cohort) + "}";
    }

    public static String xapiSessions() {
        return PREFIX + "xapi:sessions";
    }

    public static String directory() {
        return PREFIX + "directory";
    }

    public static String node(String nodeId) {
        return PREFIX + "node:{" + requireId("node", nodeId) + "}";
    }

    public static String nodes() {
        return PREFIX + "nodes";
    }

    public static String personSessions(String participantId) {
        return PREFIX + "person:{" + requireId("participant", participantId) + "}:sessions";
    }

    /** The hash tag of a key: the part Redis Cluster hashes (the whole key when it has no tag). */
    public static String hashTag(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        return key;
    }
}
