package ensemble.server.session;

import ensemble.server.world.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-data views of a session (for JSON), taken on its tick thread. */
public final class SessionReadout {
    private SessionReadout() {
    }

    public static Map<String, Object> detail(Session session) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", session.id);
        out.put("scenario", session.scene.scenarioId());
        out.put("scenarioVersion", session.scene.scenarioVersion());
        out.put("title", session.scene.title());
        out.put("state", session.state.name().toLowerCase(Locale.ROOT));
        out.put("tick", session.tick);
        out.put("elapsedMs", session.context.clock().millis() - session.createdAtMillis);
        List<Map<String, Object>> roles = new ArrayList<>();
        for (var role : session.scene.roles()) {
            roles.add(Map.of("id", role.id(), "name", role.name(), "min", role.minCount(), "max", role.maxCount(),
                    "color", role.color() == null ? "" : role.color()));
        }
        out.put("roles", roles);
        List<Map<String, Object>> people = new ArrayList<>();
        for (Participant p : session.participants()) {
            Map<String, Object> person = new LinkedHashMap<>();
            person.put("id", p.id);
            person.put("index", p.index);
            person.put("name", p.displayName);
            person.put("role", p.role);
            person.put("kind", p.kind.name().toLowerCase(Locale.ROOT));
            person.put("connected", p.connected);
            person.put("muted", p.muted);
            person.put("score", p.score);
            person.put("head", List.of(p.head[0], p.head[1], p.head[2]));
            person.put("transport", p.udpAddress() != null ? "udp" : "tcp");
            people.add(person);
        }
        out.put("participants", people);
        List<Map<String, Object>> things = new ArrayList<>();
        for (Entity e : session.entities) {
            Map<String, Object> thing = new LinkedHashMap<>();
            thing.put("id", e.id());
            thing.put("position", List.of(e.position[0], e.position[1], e.position[2]));
            Participant holder = e.holder() >= 0 ? session.byIndex[e.holder()] : null;
            thing.put("holder", holder != null ? holder.id : null);
            thing.put("state", e.state());
            things.add(thing);
        }
        out.put("entities", things);
        return out;
    }
}
