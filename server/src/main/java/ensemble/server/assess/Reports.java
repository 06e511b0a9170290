package ensemble.server.assess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.scenario.model.Scenario;
import ensemble.server.store.EventId;
import ensemble.server.store.EventRecord;
import ensemble.server.store.RedisKeys;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStatus;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;

/**
 * The assessment report of a session: computed only from the event stream in Redis and the
 * scenario's rubric, stored in Redis ({@code RedisKeys.report}) each time it is computed. Parts:
 * {@code rubric} (per participant, role, team), {@code steps} (times, attempts, errors),
 * {@code timeline}, {@code feedback} (peer feedback aggregated), then one part per registered
 * {@link ReportSection}. Every method but {@link #add} blocks on Redis: call it on a store thread.
 */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SessionStore store;
    private final UnifiedJedis jedis;
    private final Function<String, Optional<Scenario>> scenarios;
    private final List<ReportSection> sections = new CopyOnWriteArrayList<>();

    public Reports(SessionStore store, UnifiedJedis jedis, Function<String, Optional<Scenario>> scenarios) {
        this.store = store;
        this.jedis = jedis;
        this.scenarios = scenarios;
    }

    /** Adds a part to every report from now on (team analytics registers here). Any thread. */
    public void add(ReportSection section) {
        sections.add(section);
    }

    /** The report's inputs, or empty when Redis knows no such session. */
    public Optional<ReportContext> context(String sessionId) {
        Optional<SessionRecord> record = store.sessions().get(sessionId);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        List<EventRecord> events = new ArrayList<>();
        for (StoredEvent stored : store.events().readAll(sessionId, EventId.NONE)) {
            events.add(stored.event());
        }
        boolean ended = record.get().status() == SessionStatus.ENDED
                || events.stream().anyMatch(e -> e.type().equals("ended")
                        || e.type().equals("facilitator") && "end".equals(e.data().get("command")));
        return Optional.of(new ReportContext(sessionId, scenarios.apply(record.get().scenarioId()), events,
                record.get().createdAtMillis(), ended, settings(sessionId)));
    }

    /** Computes the report, stores it, and returns it; empty for an unknown session. */
    public Optional<Map<String, Object>> compute(String sessionId) {
        Optional<ReportContext> context = context(sessionId);
        if (context.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> report = build(context.get());
        try {
            jedis.set(RedisKeys.report(sessionId), JSON.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report does not serialise", e);
        }
        return Optional.of(report);
    }

    /** The report of a context, without touching Redis (tests and {@link #compute}). */
    public Map<String, Object> build(ReportContext context) {
        Map<String, Map<String, String>> people = people(context);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("session", context.sessionId());
        context.scenario().ifPresent(s -> report.put("scenario", Map.of("id", s.id(), "version", s.version(), "title", s.title())));
        report.put("ended", context.ended());
        report.put("startedAtMs", context.startedAtMs());
        report.put("generatedAtMs", System.currentTimeMillis());
        List<Map<String, Object>> participants = new ArrayList<>();
        people.forEach((id, p) -> participants.add(Map.of("id", id, "name", p.get("name"), "role", p.get("role"))));
        report.put("participants", participants);
        report.put("rubric", Rubric.evaluate(context, people));
        report.put("steps", StepTimes.evaluate(context));
        report.put("timeline", Timeline.evaluate(context, people));
        report.put("feedback", FeedbackAggregate.evaluate(context, people));
        for (ReportSection section : sections) {
            Object part = section.build(context);
            if (part != null) {
                report.put(section.name(), part);
            }
        }
        return report;
    }

    public ReviewSettings settings(String sessionId) {
        return ReviewSettings.from(jedis.hgetAll(RedisKeys.review(sessionId)));
    }

    public void saveSettings(String sessionId, ReviewSettings settings) {
        jedis.hset(RedisKeys.review(sessionId), settings.toHash());
    }

    /** Gives the session's review keys the retention of its other data (once it ended). */
    public void expire(String sessionId, Duration retention) {
        for (String key : RedisKeys.reviewData(sessionId)) {
            jedis.pexpire(key, retention.toMillis());
        }
    }

    /** Participants (not spectators) from the join events: id to name and role, in joining order. */
    static Map<String, Map<String, String>> people(ReportContext context) {
        Map<String, Map<String, String>> people = new LinkedHashMap<>();
        for (EventRecord e : context.events()) {
            if (e.type().equals("join") && !"SPECTATOR".equals(e.data().get("kind"))) {
                people.putIfAbsent(e.actor(), Map.of("name", e.data().getOrDefault("name", e.actor()),
                        "role", e.data().getOrDefault("role", "")));
            }
        }
        return people;
    }
}
