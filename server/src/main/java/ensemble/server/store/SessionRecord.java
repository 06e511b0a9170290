package ensemble.server.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What Redis knows about a session besides its participants, events and checkpoint.
 *
 * @param sessionId       the session's id (also its hash tag)
 * @param scenarioId      scenario it runs
 * @param scenarioVersion version of that scenario
 * @param status          life cycle state
 * @param ownerNode       node that runs it (the lease is the authority; this is for people)
 * @param step            current step id; empty before the first step
 * @param tick            session clock in ticks at the last update
 * @param createdAtMillis epoch milliseconds
 * @param endedAtMillis   epoch milliseconds; 0 while not ended
 */
public record SessionRecord(String sessionId, String scenarioId, String scenarioVersion, SessionStatus status,
                            String ownerNode, String step, long tick, long createdAtMillis, long endedAtMillis) {

    public SessionRecord {
        RedisKeys.requireId("session", sessionId);
        Objects.requireNonNull(scenarioId, "scenarioId");
        Objects.requireNonNull(scenarioVersion, "scenarioVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(ownerNode, "ownerNode");
        Objects.requireNonNull(step, "step");
    }

    /** A session just created on {@code ownerNode}, in the lobby, at tick 0. */
    public static SessionRecord created(String sessionId, String scenarioId, String scenarioVersion, String ownerNode,
                                        long nowMillis) {
        return new SessionRecord(sessionId, scenarioId, scenarioVersion, SessionStatus.LOBBY, ownerNode, "", 0,
                nowMillis, 0);
    }

    Map<String, String> toHash() {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("scenarioId", scenarioId);
        hash.put("scenarioVersion", scenarioVersion);
        hash.put("status", status.name());
        hash.put("ownerNode", ownerNode);
        hash.put("step", step);
        hash.put("tick", Long.toString(tick));
        hash.put("createdAt", Long.toString(createdAtMillis));
        hash.put("endedAt", Long.toString(endedAtMillis));
        return hash;
    }

    static SessionRecord fromHash(String sessionId, Map<String, String> hash) {
        return new SessionRecord(sessionId, hash.getOrDefault("scenarioId", ""), hash.getOrDefault("scenarioVersion", ""),
                SessionStatus.valueOf(hash.getOrDefault("status", SessionStatus.LOBBY.name())),
                hash.getOrDefault("ownerNode", ""), hash.getOrDefault("step", ""),
                Long.parseLong(hash.getOrDefault("tick", "0")), Long.parseLong(hash.getOrDefault("createdAt", "0")),
                Long.parseLong(hash.getOrDefault("endedAt", "0")));
    }
}
