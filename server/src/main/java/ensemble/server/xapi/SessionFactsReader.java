package ensemble.server.xapi;

import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Scoring;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStore;
import java.util.Optional;
import java.util.function.Function;

/** Reads what statements about a session need from Redis and the scenario catalogue. Blocking. */
public final class SessionFactsReader {
    private final SessionStore store;
    private final XapiOutbox outbox;
    private final Function<String, Optional<Scenario>> scenarios;
    private final String facilitator;

    public SessionFactsReader(SessionStore store, XapiOutbox outbox, Function<String, Optional<Scenario>> scenarios,
            String facilitator) {
        this.store = store;
        this.outbox = outbox;
        this.scenarios = scenarios;
        this.facilitator = facilitator;
    }

    /** The facts of a stored session, or empty when Redis has no record of it. */
    public Optional<SessionFacts> read(String sessionId) {
        Optional<SessionRecord> record = store.sessions().get(sessionId);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        String scenarioId = record.get().scenarioId();
        Optional<Scenario> scenario = scenarios.apply(scenarioId);
        int passMark = scenario.map(s -> s.scoring().passMark()).orElse(0);
        int maxPoints = scenario.map(s -> s.scoring().criteria().stream().mapToInt(Scoring.Criterion::maxPoints)
                .filter(p -> p > 0).sum()).orElse(0);
        return Optional.of(new SessionFacts(sessionId, outbox.registration(sessionId), scenarioId,
                record.get().scenarioVersion(), scenario.map(Scenario::title).orElse(scenarioId), passMark, maxPoints,
                facilitator));
    }
}
