package ensemble.server.xapi;

import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import ensemble.server.store.EventId;
import ensemble.server.store.SessionRecord;
import ensemble.server.store.SessionStatus;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoredEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the LRS. Every {@link #PASS_MILLIS}, on one thread of its own: announces the sessions this
 * node hosts, turns their new events into statements in the Redis outbox, and posts the oldest
 * waiting statements in batches. A batch leaves the outbox only once the LRS answered 2xx; while
 * the LRS fails, sends back off exponentially from {@link LrsSettings#firstBackoff()} to
 * {@link LrsSettings#maxBackoff()} and nothing is dropped. A session is forgotten (its keys left
 * to expire with the store's retention) once it ended and every statement was delivered.
 */
public final class XapiPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(XapiPublisher.class);
    /** Time between two passes over the outbox. */
    public static final long PASS_MILLIS = 500;
    /** Batches posted per session per pass, at most, so one large backlog does not starve the rest. */
    public static final int MAX_BATCHES_PER_PASS = 20;
    /** How long a node's claim on a session's outbox lasts without renewal. */
    static final long CLAIM_MILLIS = 30_000;

    /** Counts since start: statements the LRS accepted, sends that failed and will be retried, statements refused. */
    public record Stats(long delivered, long failedSends, long rejected) {
    }

    private final SessionRegistry registry;
    private final SessionStore store;
    private final XapiOutbox outbox;
    private final SessionFactsReader facts;
    private final XapiStatements statements;
    private final LrsSettings settings;
    private final LrsClient lrs;
    private final String nodeId;
    private final ScheduledExecutorService thread;
    private final Set<String> announced = new HashSet<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private int failures;
    private long nextSendAtMillis;

    public XapiPublisher(SessionRegistry registry, SessionStore store, XapiOutbox outbox, SessionFactsReader facts,
            XapiStatements statements, LrsSettings settings, String nodeId, ScheduledExecutorService thread) {
        this.registry = registry;
        this.store = store;
        this.outbox = outbox;
        this.facts = facts;
        this.statements = statements;
        this.settings = settings;
        this.lrs = new LrsClient(settings);
        this.nodeId = nodeId;
        this.thread = thread;
    }

    public XapiPublisher start() {
        log.info("xAPI statements go to {}", lrs.statementsUri());
        thread.scheduleWithFixedDelay(this::pass, PASS_MILLIS, PASS_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    public Stats stats() {
        return new Stats(delivered.get(), failedSends.get(), rejected.get());
    }

    void pass() {
        try {
            announce();
            for (String sessionId : outbox.sessions()) {
                if (outbox.claim(sessionId, nodeId, CLAIM_MILLIS)) {
                    convert(sessionId);
                    deliver(sessionId);
                    retireIfDone(sessionId);
                }
            }
        } catch (RuntimeException e) {
            log.debug("xAPI pass failed (Redis unreachable?): {}", e.toString());
        }
    }

    private void announce() {
        Set<String> hosted = new HashSet<>();
        for (Session session : registry.all()) {
            hosted.add(session.id());
            if (!announced.contains(session.id())) {
                outbox.track(session.id());
                announced.add(session.id());
            }
        }
        announced.retainAll(hosted);
    }

    /** Turns events after the cursor into queued statements. */
    private void convert(String sessionId) {
        EventId cursor = outbox.cursor(sessionId);
        if (store.events().lastAppended(sessionId).compareTo(cursor) <= 0) {
            return;
        }
        Optional<SessionFacts> known = facts.read(sessionId);
        if (known.isEmpty()) {
            return;
        }
        List<StoredEvent> history = store.events().readAll(sessionId, EventId.NONE);
        if (history.isEmpty()) {
            return;
        }
        EventId last = history.get(history.size() - 1).id();
        List<XapiStatements.Statement> fresh = statements.convert(known.get(), history).stream()
                .filter(s -> s.eventSequence() > cursor.sequence()).toList();
        if (!outbox.enqueue(sessionId, cursor, last, fresh)) {
            log.debug("session {}: another node converted these events first", sessionId);
        }
    }

    private void deliver(String sessionId) {
        for (int i = 0; i < MAX_BATCHES_PER_PASS; i++) {
            if (System.currentTimeMillis() < nextSendAtMillis) {
                return;
            }
            List<String> batch = outbox.peek(sessionId, settings.batchSize());
            if (batch.isEmpty()) {
                return;
            }
            LrsClient.Outcome outcome = lrs.post(batch);
            if (outcome == LrsClient.Outcome.REJECTED && batch.size() > 1) {
                // One bad statement must not take its batch with it: send them one by one.
                for (String single : batch) {
                    if (!settle(sessionId, List.of(single), lrs.post(List.of(single)))) {
                        return;
                    }
                }
            } else if (!settle(sessionId, batch, outcome)) {
                return;
            }
        }
    }

    /** Applies an LRS answer; false when sending should pause (the LRS failed). */
    private boolean settle(String sessionId, List<String> batch, LrsClient.Outcome outcome) {
        switch (outcome) {
            case ACCEPTED -> {
                outbox.delivered(sessionId, batch);
                delivered.addAndGet(batch.size());
                failures = 0;
                return true;
            }
            case REJECTED -> {
                log.warn("session {}: the LRS refused {} statement(s); kept aside in the rejected set", sessionId, batch.size());
                outbox.rejected(sessionId, batch);
                rejected.addAndGet(batch.size());
                return true;
            }
            default -> {
                failedSends.incrementAndGet();
                failures++;
                long delay = backoffMillis(failures, settings.firstBackoff().toMillis(), settings.maxBackoff().toMillis());
                nextSendAtMillis = System.currentTimeMillis() + delay;
                log.info("the LRS did not take {} statement(s) of session {}; retrying in {} ms", batch.size(), sessionId, delay);
                return false;
            }
        }
    }

    /** first·2^(failures-1), capped at max. */
    static long backoffMillis(int failures, long firstMillis, long maxMillis) {
        int doublings = Math.min(failures - 1, 30);
        return Math.min(maxMillis, firstMillis << doublings);
    }

    private void retireIfDone(String sessionId) {
        if (registry.find(sessionId) != null || outbox.waiting(sessionId) > 0) {
            return;
        }
        Optional<SessionRecord> record = store.sessions().get(sessionId);
        boolean ended = record.map(r -> r.status() == SessionStatus.ENDED).orElse(store.events().length(sessionId) == 0);
        if (ended && store.events().lastAppended(sessionId).compareTo(outbox.cursor(sessionId)) <= 0) {
            outbox.expire(sessionId, store.settings().retention().toMillis());
            outbox.untrack(sessionId);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
