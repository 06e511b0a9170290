package ensemble.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Session records and participants, blocking. Call from store threads only.
 *
 * <p>The live session writes its progress and participant changes through {@link StoreWriter}
 * (fenced by its lease); this class is for creating sessions, reading them back, and tools.
 */
public final class SessionRecords {
    private final UnifiedJedis jedis;

    SessionRecords(UnifiedJedis jedis) {
        this.jedis = jedis;
    }

    /** Writes the whole record. */
    public void put(SessionRecord record) {
        jedis.hset(RedisKeys.sessionRecord(record.sessionId()), record.toHash());
    }

    public Optional<SessionRecord> get(String sessionId) {
        Map<String, String> hash = jedis.hgetAll(RedisKeys.sessionRecord(sessionId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(SessionRecord.fromHash(sessionId, hash));
    }

    /**
     * Adds or replaces a participant, maps their resume token to them, and indexes the session
     * under the person for privacy export and forget.
     */
    public void putParticipant(String sessionId, Participant participant) {
        // The person index first: if the rest fails, privacy tools still find the session.
        String index = RedisKeys.personSessions(participant.id());
        jedis.sadd(index, sessionId);
        jedis.persist(index);
        jedis.hset(RedisKeys.participants(sessionId), participant.id(), StoreJson.write(participant));
        jedis.hset(RedisKeys.resumeTokens(sessionId), participant.resumeTokenHash(), participant.id());
    }

    public Optional<Participant> participant(String sessionId, String participantId) {
        String json = jedis.hget(RedisKeys.participants(sessionId), participantId);
        return Optional.ofNullable(json).map(j -> StoreJson.read(j, Participant.class));
    }

    /** Every participant of the session, in no particular order. */
    public List<Participant> participants(String sessionId) {
        List<Participant> result = new ArrayList<>();
        for (String json : jedis.hgetAll(RedisKeys.participants(sessionId)).values()) {
            result.add(StoreJson.read(json, Participant.class));
        }
        return result;
    }

    /**
     * The participant a resume token belongs to. Empty when the token is unknown or was replaced
     * by a newer one (the participant's current hash must match).
     */
    public Optional<Participant> findByResumeToken(String sessionId, String resumeToken) {
        String tokenHash = Participant.hashResumeToken(resumeToken);
        String participantId = jedis.hget(RedisKeys.resumeTokens(sessionId), tokenHash);
        if (participantId == null) {
            return Optional.empty();
        }
        return participant(sessionId, participantId).filter(p -> p.resumeTokenHash().equals(tokenHash));
    }
}
