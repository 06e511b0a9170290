package ensemble.server.xapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The pieces statements are made of: pseudonymous agents, activities, verbs, durations. Actors
 * are accounts whose name is an HMAC-SHA256 of the participant id under the actor key, so an LRS
 * can follow one person through a session without learning who they are, and without the key
 * nobody can go back from the name to the participant.
 */
final class StatementParts {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LANGUAGE = "en-US";

    private final String iriBase;
    private final byte[] actorKey;

    StatementParts(String iriBase, String actorKey) {
        this.iriBase = iriBase;
        this.actorKey = actorKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The keyed hash naming a participant (or a facilitator, with a different prefix). */
    String pseudonym(String id) {
        return Pseudonyms.of(actorKey, id);
    }

    ObjectNode agent(String participantId) {
        ObjectNode agent = JSON.createObjectNode().put("objectType", "Agent");
        agent.putObject("account").put("homePage", iriBase + "/participants").put("name", pseudonym("participant:" + participantId));
        return agent;
    }

    ObjectNode instructor(String facilitator) {
        ObjectNode agent = JSON.createObjectNode().put("objectType", "Agent");
        agent.putObject("account").put("homePage", iriBase + "/facilitators").put("name", pseudonym("facilitator:" + facilitator));
        return agent;
    }

    /** The team as an anonymous Group of its members' accounts. */
    ObjectNode team(String sessionId, List<String> members) {
        ObjectNode group = JSON.createObjectNode().put("objectType", "Group").put("name", "Team of session " + sessionId);
        ArrayNode list = group.putArray("member");
        for (String member : members) {
            list.add(agent(member));
        }
        return group;
    }

    ObjectNode verb(Vocabulary verb) {
        ObjectNode node = JSON.createObjectNode().put("id", verb.iri);
        node.putObject("display").put(LANGUAGE, verb.display);
        return node;
    }

    String scenarioIri(String scenarioId) {
        return iriBase + "/scenarios/" + segment(scenarioId);
    }

    ObjectNode activity(String id, String type, String name) {
        ObjectNode node = JSON.createObjectNode().put("objectType", "Activity").put("id", id);
        ObjectNode definition = node.putObject("definition");
        definition.putObject("name").put(LANGUAGE, name);
        definition.put("type", type);
        return node;
    }

    ObjectNode scenario(SessionFacts facts) {
        return activity(scenarioIri(facts.scenarioId()), Vocabulary.SIMULATION, facts.scenarioTitle());
    }

    ObjectNode step(SessionFacts facts, String stepId, String title) {
        return activity(scenarioIri(facts.scenarioId()) + "/steps/" + segment(stepId), Vocabulary.MODULE,
                title == null || title.isBlank() ? stepId : title);
    }

    ObjectNode entity(SessionFacts facts, String entityId) {
        return activity(scenarioIri(facts.scenarioId()) + "/entities/" + segment(entityId), Vocabulary.INTERACTION, entityId);
    }

    String extension(String name) {
        return iriBase + "/extensions/" + name;
    }

    /** ISO 8601 duration; never negative. */
    static String duration(long millis) {
        return Duration.ofMillis(Math.max(0, millis)).toString();
    }

    static String timestamp(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
