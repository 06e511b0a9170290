package ensemble.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * A write waiting in {@link StoreWriter}: what to send, and whom to tell how it ended. Every
 * write is idempotent, so a batch whose outcome is unknown (the connection broke mid-pipeline)
 * is sent again whole.
 */
sealed interface PendingWrite {

    String sessionId();

    Ack ack();

    /** Queues this write's commands on the pipeline; their replies decide the outcome. */
    List<Response<?>> send(AbstractPipeline pipeline, String node, long leaseMillis);

    /** Where and to whom the outcome goes. A null callback means nobody waits for it. */
    record Ack(Executor executor, Consumer<WriteOutcome> callback) {
        public Ack {
            Objects.requireNonNull(executor, "executor");
        }
    }

    /** Appends one event with its explicit id. */
    record Append(String sessionId, EventId id, EventRecord event, Ack ack) implements PendingWrite {
        @Override
        public List<Response<?>> send(AbstractPipeline pipeline, String node, long leaseMillis) {
            return List.of(pipeline.eval(StoreScripts.APPEND_EVENT,
                    List.of(RedisKeys.events(sessionId), RedisKeys.lease(sessionId)),
                    EventStream.appendArgs(node, leaseMillis, id, event)));
        }
    }

    /** Appends several events, with consecutive explicit ids, in one step (see {@link StoreScripts#APPEND_EVENTS}). */
    record AppendAll(String sessionId, List<EventId> ids, List<EventRecord> events, Ack ack) implements PendingWrite {
        public AppendAll {
            ids = List.copyOf(ids);
            events = List.copyOf(events);
        }

        @Override
        public List<Response<?>> send(AbstractPipeline pipeline, String node, long leaseMillis) {
            return List.of(pipeline.eval(StoreScripts.APPEND_EVENTS,
                    List.of(RedisKeys.events(sessionId), RedisKeys.lease(sessionId)),
                    EventStream.appendAllArgs(node, leaseMillis, ids, events)));
        }
    }

    /** Sets fields of the session record (step, tick, status). */
    record UpdateSession(String sessionId, Map<String, String> fields, Ack ack) implements PendingWrite {
        public UpdateSession {
            fields = Map.copyOf(fields);
        }

        @Override
        public List<Response<?>> send(AbstractPipeline pipeline, String node, long leaseMillis) {
            return List.of(fencedHset(pipeline, RedisKeys.sessionRecord(sessionId), sessionId, node, leaseMillis, fields));
        }
    }

    /**
     * Adds or replaces a participant, their resume token, and the person's session index. While
     * the session is live the index is kept (no expiry); once it has ended the index keeps the
     * retention time its end gave it.
     */
    record PutParticipant(String sessionId, Participant participant, boolean sessionEnded, Ack ack) implements PendingWrite {
        @Override
        public List<Response<?>> send(AbstractPipeline pipeline, String node, long leaseMillis) {
            String index = RedisKeys.personSessions(participant.id());
            return List.of(
                    pipeline.sadd(index, sessionId),
                    sessionEnded ? pipeline.exists(index) : pipeline.persist(index),
                    fencedHset(pipeline, RedisKeys.participants(sessionId), sessionId, node, leaseMillis,
                            Map.of(participant.id(), StoreJson.write(participant))),
                    fencedHset(pipeline, RedisKeys.resumeTokens(sessionId), sessionId, node, leaseMillis,
                            Map.of(participant.resumeTokenHash(), participant.id())));
        }
    }

    /** Stores a checkpoint unless a later one is there. */
    record SaveCheckpoint(String sessionId, Checkpoint checkpoint, Ack ack) implements PendingWrite {
        @Override
        public List<Response<?>> send(AbstractPipeline pipeline, String node, long leaseMillis) {
            return List.of(pipeline.eval(StoreScripts.SAVE_CHECKPOINT, Checkpoints.keys(sessionId),
                    Checkpoints.args(node, leaseMillis, checkpoint)));
        }
    }

    private static Response<Object> fencedHset(AbstractPipeline pipeline, String key, String sessionId, String node,
                                               long leaseMillis, Map<String, String> fields) {
        List<String> args = new ArrayList<>(2 + fields.size() * 2);
        args.add(node);
        args.add(Long.toString(leaseMillis));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return pipeline.eval(StoreScripts.FENCED_HSET, List.of(key, RedisKeys.lease(sessionId)), args);
    }
}
