package ensemble.server.xapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ensemble.server.store.EventRecord;
import ensemble.server.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a session's event history into xAPI 1.0.3 statements. A pure function: the statements
 * of an event depend only on that event and the ones before it, and each statement's id is a
 * name-based UUID of (session, event, verb, subject). So converting a longer history again gives
 * the same statements for the events already seen, which is what lets the outbox resume after a
 * crash without sending anything twice.
 *
 * <table>
 *   <caption>events and statements</caption>
 *   <tr><td>join</td><td>participant launched the scenario (and initialized it, if it already started)</td></tr>
 *   <tr><td>first step_started</td><td>everyone present initialized the scenario</td></tr>
 *   <tr><td>step_completed / step_timed_out</td><td>the team completed / failed the step, with its duration and points</td></tr>
 *   <tr><td>score</td><td>the participant (or the team) scored, in the current step</td></tr>
 *   <tr><td>grab, use</td><td>participant interacted with the entity</td></tr>
 *   <tr><td>chat</td><td>participant commented, the line as response</td></tr>
 *   <tr><td>ended</td><td>each participant completed the scenario, and passed or failed it on the team's points</td></tr>
 * </table>
 */
public final class XapiStatements {
    /** Members listed in a team Group, at most. */
    public static final int MAX_TEAM_MEMBERS = 64;
    /** Longest chat line or score reason carried as a response, characters. */
    public static final int MAX_RESPONSE_CHARS = 1000;

    /** One statement and the event it came from. {@code json} is its canonical serialisation. */
    public record Statement(long eventSequence, UUID id, String json) {
    }

    private final StatementParts parts;

    public XapiStatements(String iriBase, String actorKey) {
        this.parts = new StatementParts(iriBase, actorKey);
    }

    /** The pseudonymous account name of a participant (for tests and documentation). */
    public String pseudonym(String participantId) {
        return parts.pseudonym("participant:" + participantId);
    }

    private final class Walk {
        final SessionFacts facts;
        final List<Statement> out = new ArrayList<>();
        final Map<String, Long> members = new LinkedHashMap<>();
        String instructor;
        boolean initialized;
        long startedAt = -1;
        String stepId;
        String stepTitle;
        long stepStartedAt;
        int stepPoints;
        int teamPoints;

        Walk(SessionFacts facts) {
            this.facts = facts;
            this.instructor = facts.facilitator();
        }

        void event(StoredEvent stored) {
            EventRecord e = stored.event();
            long seq = stored.id().sequence();
            String actor = e.actor();
            Map<String, String> d = e.data();
            boolean member = actor != null && members.containsKey(actor);
            switch (e.type()) {
                case "join" -> {
                    if (actor != null && !"SPECTATOR".equals(d.get("kind")) && !member) {
                        members.put(actor, e.wallMillis());
                        emit(seq, e, Vocabulary.LAUNCHED, parts.agent(actor), parts.scenario(facts), null, false);
                        if (initialized) {
                            emit(seq, e, Vocabulary.INITIALIZED, parts.agent(actor), parts.scenario(facts), null, false);
                        }
                    }
                }
                case "facilitator" -> {
                    if (actor != null) {
                        instructor = actor;
                    }
                }
                case "step_started" -> {
                    if (!initialized) {
                        initialized = true;
                        startedAt = e.wallMillis();
                        for (String id : members.keySet()) {
                            emit(seq, e, Vocabulary.INITIALIZED, parts.agent(id), parts.scenario(facts), null, false, id);
                        }
                    }
                    stepId = d.getOrDefault("step", "");
                    stepTitle = d.getOrDefault("title", stepId);
                    stepStartedAt = e.wallMillis();
                    stepPoints = 0;
                }
                case "step_completed", "step_timed_out" -> {
                    if (stepId != null && !members.isEmpty()) {
                        boolean done = e.type().equals("step_completed");
                        ObjectNode result = StatementParts.JSON.createObjectNode().put("completion", done).put("success", done)
                                .put("duration", StatementParts.duration(e.wallMillis() - stepStartedAt));
                        result.putObject("score").put("raw", stepPoints);
                        if (done && d.containsKey("outcome")) {
                            result.put("response", truncate(d.get("outcome")));
                        }
                        emit(seq, e, done ? Vocabulary.COMPLETED : Vocabulary.FAILED, team(),
                                parts.step(facts, stepId, stepTitle), result, true);
                    }
                    stepId = null;
                }
                case "score" -> {
                    int points = parseInt(d.get("points"));
                    teamPoints += points;
                    stepPoints += points;
                    String participant = d.get("participant");
                    ObjectNode who = participant != null && members.containsKey(participant) ? parts.agent(participant) : team();
                    if (who != null) {
                        ObjectNode result = StatementParts.JSON.createObjectNode();
                        result.putObject("score").put("raw", points);
                        result.put("response", truncate(d.getOrDefault("reason", "")));
                        result.putObject("extensions").put(parts.extension("criterion"), d.getOrDefault("criterion", ""));
                        ObjectNode object = stepId != null ? parts.step(facts, stepId, stepTitle) : parts.scenario(facts);
                        emit(seq, e, Vocabulary.SCORED, who, object, result, stepId != null, participant == null ? "team" : participant);
                    }
                }
                case "grab", "use" -> {
                    if (member && d.containsKey("entity")) {
                        ObjectNode result = StatementParts.JSON.createObjectNode()
                                .put("response", e.type().equals("use") ? "use:" + d.getOrDefault("action", "") : "grab");
                        emit(seq, e, Vocabulary.INTERACTED, parts.agent(actor), parts.entity(facts, d.get("entity")), result, true);
                    }
                }
                case "chat" -> {
                    if (member) {
                        ObjectNode result = StatementParts.JSON.createObjectNode().put("response", truncate(d.getOrDefault("text", "")));
                        ObjectNode object = stepId != null ? parts.step(facts, stepId, stepTitle) : parts.scenario(facts);
                        emit(seq, e, Vocabulary.COMMENTED, parts.agent(actor), object, result, stepId != null);
                    }
                }
                case "ended" -> ended(seq, e);
                default -> { }
            }
        }

        void ended(long seq, EventRecord e) {
            long from = startedAt >= 0 ? startedAt : e.wallMillis();
            for (String id : members.keySet()) {
                ObjectNode completed = StatementParts.JSON.createObjectNode().put("completion", true)
                        .put("duration", StatementParts.duration(e.wallMillis() - from))
                        .put("response", truncate(e.data().getOrDefault("outcome", "")));
                emit(seq, e, Vocabulary.COMPLETED, parts.agent(id), parts.scenario(facts), completed, false, id);
                if (facts.passMark() > 0) {
                    boolean passed = teamPoints >= facts.passMark();
                    ObjectNode result = StatementParts.JSON.createObjectNode().put("success", passed).put("completion", true)
                            .put("duration", StatementParts.duration(e.wallMillis() - from));
                    ObjectNode score = result.putObject("score");
                    int max = Math.max(Math.max(facts.maxPoints(), facts.passMark()), teamPoints);
                    int min = Math.min(0, teamPoints);
                    score.put("scaled", Math.max(-1.0, Math.min(1.0, (double) teamPoints / max))).put("raw", teamPoints)
                            .put("min", min).put("max", max);
                    emit(seq, e, passed ? Vocabulary.PASSED : Vocabulary.FAILED, parts.agent(id), parts.scenario(facts),
                            result, false, id);
                }
            }
        }

        ObjectNode team() {
            return members.isEmpty() ? null : parts.team(facts.sessionId(), teamMembers());
        }

        List<String> teamMembers() {
            return members.keySet().stream().limit(MAX_TEAM_MEMBERS).toList();
        }

        void emit(long seq, EventRecord e, Vocabulary verb, ObjectNode actor, ObjectNode object, ObjectNode result,
                boolean inScenario) {
            emit(seq, e, verb, actor, object, result, inScenario, "");
        }

        void emit(long seq, EventRecord e, Vocabulary verb, ObjectNode actor, ObjectNode object, ObjectNode result,
                boolean inScenario, String subject) {
            if (actor == null) {
                return;
            }
            UUID id = UUID.nameUUIDFromBytes((facts.sessionId() + "/" + seq + "/" + verb.name() + "/" + subject)
                    .getBytes(StandardCharsets.UTF_8));
            ObjectNode statement = StatementParts.JSON.createObjectNode();
            statement.put("id", id.toString());
            statement.put("version", "1.0.3");
            statement.set("actor", actor);
            statement.set("verb", parts.verb(verb));
            statement.set("object", object);
            if (result != null) {
                statement.set("result", result);
            }
            ObjectNode context = statement.putObject("context");
            context.put("registration", facts.registration().toString());
            context.set("instructor", parts.instructor(instructor));
            if (!members.isEmpty()) {
                context.set("team", parts.team(facts.sessionId(), teamMembers()));
            }
            if (inScenario) {
                context.putObject("contextActivities").putArray("parent").add(parts.scenario(facts));
            }
            if (!facts.scenarioVersion().isEmpty()) {
                context.put("revision", facts.scenarioVersion());
            }
            context.put("platform", "Ensemble");
            context.putObject("extensions").put(parts.extension("session"), facts.sessionId())
                    .put(parts.extension("tick"), e.tick());
            statement.put("timestamp", StatementParts.timestamp(e.wallMillis()));
            out.add(new Statement(seq, id, statement.toString()));
        }
    }

    /** Every statement of the history, in event order. */
    public List<Statement> convert(SessionFacts facts, List<StoredEvent> history) {
        Walk walk = new Walk(facts);
        for (StoredEvent event : history) {
            walk.event(event);
        }
        return walk.out;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_RESPONSE_CHARS ? text : text.substring(0, MAX_RESPONSE_CHARS);
    }

    private static int parseInt(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
