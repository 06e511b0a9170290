package ensemble.server.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import redis.clients.jedis.UnifiedJedis;

/**
 * One person's data: export it, or forget it. A person is found through the index of sessions
 * they took part in ({@link RedisKeys#personSessions}); every command names one session's keys or
 * that index, so this works the same on Redis Cluster. Blocking; call from store threads or tools.
 *
 * <p>"About the person" means: their participant entry and resume tokens, events they did
 * ({@code actor}) and events that name them as a data value (e.g. a facilitator removing them).
 */
public final class Privacy {
    /** Events deleted per XDEL. */
    private static final int DELETE_CHUNK = 500;

    private final UnifiedJedis jedis;
    private final SessionRecords records;
    private final EventStream events;
    private final Checkpoints checkpoints;

    Privacy(UnifiedJedis jedis, SessionRecords records, EventStream events, Checkpoints checkpoints) {
        this.jedis = jedis;
        this.records = records;
        this.events = events;
        this.checkpoints = checkpoints;
    }

    /** Session ids the person took part in whose data still exists (retention may have removed some). */
    public List<String> sessionsOf(String participantId) {
        return new ArrayList<>(new TreeSet<>(jedis.smembers(RedisKeys.personSessions(participantId))));
    }

    /**
     * Everything the store holds about the person, as JSON: per session the session record, the
     * participant entry (without the resume token hash, which is a credential) and the events by
     * or about them, oldest first.
     */
    public ObjectNode export(String participantId, long nowMillis) {
        RedisKeys.requireId("participant", participantId);
        ObjectNode root = StoreJson.MAPPER.createObjectNode();
        root.put("participantId", participantId);
        root.put("exportedAtMillis", nowMillis);
        ArrayNode sessions = root.putArray("sessions");
        for (String sessionId : sessionsOf(participantId)) {
            Optional<SessionRecord> record = records.get(sessionId);
            Optional<Participant> participant = records.participant(sessionId, participantId);
            List<StoredEvent> theirs = eventsConcerning(sessionId, participantId);
            if (record.isEmpty() && participant.isEmpty() && theirs.isEmpty()) {
                continue;
            }
            ObjectNode session = sessions.addObject();
            session.put("sessionId", sessionId);
            record.ifPresent(r -> session.set("session", StoreJson.MAPPER.valueToTree(r)));
            participant.ifPresent(p -> {
                ObjectNode node = StoreJson.MAPPER.valueToTree(p);
                node.remove("resumeTokenHash");
                session.set("participant", node);
            });
            ArrayNode eventArray = session.putArray("events");
            for (StoredEvent stored : theirs) {
                ObjectNode event = eventArray.addObject();
                event.put("id", stored.id().streamId());
                event.put("type", stored.event().type());
                event.put("tick", stored.event().tick());
                event.put("wallMillis", stored.event().wallMillis());
                event.put("actor", stored.event().actor());
                ObjectNode data = event.putObject("data");
                stored.event().data().forEach(data::put);
            }
        }
        return root;
    }

    /**
     * Deletes the person's data: participant entries, resume tokens, events by or about them,
     * their proximity totals, the checkpoints, after-action recordings and assessment reports of ended
     * sessions they were in
     * (they show the person; a report is computed again from the remaining events when asked for),
     * and their session index. Idempotent.
     */
    public ForgetReport forget(String participantId) {
        RedisKeys.requireId("participant", participantId);
        List<String> sessions = sessionsOf(participantId);
        List<String> live = new ArrayList<>();
        long eventsDeleted = 0;
        int checkpointsDeleted = 0;
        int recordingsDeleted = 0;
        for (String sessionId : sessions) {
            jedis.hdel(RedisKeys.participants(sessionId), participantId);
            for (Map.Entry<String, String> token : jedis.hgetAll(RedisKeys.resumeTokens(sessionId)).entrySet()) {
                if (token.getValue().equals(participantId)) {
                    jedis.hdel(RedisKeys.resumeTokens(sessionId), token.getKey());
                }
            }
            for (String field : jedis.hkeys(RedisKeys.proximity(sessionId))) {
                if (java.util.Arrays.asList(field.split(" ")).contains(participantId)) {
                    jedis.hdel(RedisKeys.proximity(sessionId), field); // their time near others, and others' near them
                }
            }
            List<EventId> ids = eventsConcerning(sessionId, participantId).stream().map(StoredEvent::id).toList();
            for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
                eventsDeleted += events.delete(sessionId, ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK)));
            }
            Optional<SessionRecord> record = records.get(sessionId);
            boolean ended = record.map(r -> r.status() == SessionStatus.ENDED).orElse(true);
            if (ended) {
                if (checkpoints.latest(sessionId).isPresent()) {
                    checkpoints.delete(sessionId);
                    checkpointsDeleted++;
                }
                recordingsDeleted += (int) jedis.del(RedisKeys.recording(sessionId));
                jedis.del(RedisKeys.report(sessionId));
            } else {
                live.add(sessionId);
            }
        }
        jedis.del(RedisKeys.personSessions(participantId));
        return new ForgetReport(participantId, sessions, live, eventsDeleted, checkpointsDeleted, recordingsDeleted);
    }

    /**
     * Deletes the xAPI statements naming {@code pseudonym} (the person's keyed hash, see the xapi
     * package) that wait in the sessions' outboxes or were set aside as rejected: not yet
     * delivered, so still ours to erase. Statements an LRS already accepted are the LRS's.
     */
    public long forgetStatements(List<String> sessionIds, String pseudonym) {
        long deleted = 0;
        String needle = "\"" + pseudonym + "\"";
        for (String sessionId : sessionIds) {
            for (String key : List.of(RedisKeys.xapiOutbox(sessionId), RedisKeys.xapiRejected(sessionId))) {
                for (String statement : jedis.zrange(key, 0, -1)) {
                    if (statement.contains(needle)) {
                        deleted += jedis.zrem(key, statement);
                    }
                }
            }
        }
        return deleted;
    }

    private List<StoredEvent> eventsConcerning(String sessionId, String participantId) {
        List<StoredEvent> result = new ArrayList<>();
        for (StoredEvent stored : events.readAll(sessionId, EventId.NONE)) {
            if (stored.event().concerns(participantId)) {
                result.add(stored);
            }
        }
        return result;
    }
}
