package ensemble.server.http;

import ensemble.server.session.ScenarioBinding;
import ensemble.server.session.Session;
import ensemble.server.session.SessionReadout;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON documents the API and the live feed send about a session: the full detail, the
 * scenario's progress and the floor plan. Methods that read the session run on its tick thread.
 */
final class SessionDocument {
    private SessionDocument() {
    }

    /** Everything about a session, with each participant's current instruction. Tick thread. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> detail(Session session) {
        Map<String, Object> out = SessionReadout.detail(session);
        ScenarioBinding scenario = session.scenario();
        for (Map<String, Object> person : (List<Map<String, Object>>) out.get("participants")) {
            person.put("instruction", scenario == null ? "" : scenario.instructionFor((String) person.get("role")));
        }
        out.put("scenarioState", scenarioState(session));
        return out;
    }

    /**
     * The session's state as of now, on the tick thread ({@link Session#stateSnapshot()} lags by
     * up to one tick, so a reply to a command would show the state before it).
     */
    static String stateName(Session session) {
        return (String) SessionReadout.detail(session).get("state");
    }

    /** The scenario's steps, current step and injects; {@code bound: false} for a plain room. Tick thread. */
    static Map<String, Object> scenarioState(Session session) {
        ScenarioBinding scenario = session.scenario();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bound", scenario != null);
        out.put("currentStep", scenario == null ? "" : scenario.currentStep());
        out.put("steps", scenario == null ? List.of() : List.copyOf(scenario.stepIds()));
        out.put("injects", scenario == null ? List.of() : List.copyOf(scenario.injectIds()));
        out.put("ended", scenario != null && scenario.ended());
        return out;
    }

    /** One event of the session's log as JSON: seq, type, tick, wallMillis, actor, data. */
    static Map<String, Object> event(ensemble.server.session.EventLog.Event event) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("seq", event.sequence());
        e.put("type", event.type());
        e.put("tick", event.tick());
        e.put("wallMillis", event.wallMillis());
        boolean feedback = event.type().equals("feedback");
        e.put("actor", feedback ? "" : event.actor());
        e.put("data", feedback ? withoutRater(event.data()) : event.data());
        return e;
    }

    /** What the event log shows of peer feedback: never who gave it (the report names raters only when the facilitator turns anonymity off). */
    static final Set<String> RATER_FIELDS = Set.of("fromName", "fromRole");

    private static Map<String, String> withoutRater(Map<String, String> data) {
        Map<String, String> shown = new LinkedHashMap<>(data);
        shown.keySet().removeAll(RATER_FIELDS);
        return shown;
    }

    /** The floor plan for the console's top-down map: bounds, walls, zones and role colours (x, z in metres). */
    static Map<String, Object> layout(Scene scene) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bounds", Map.of("minX", scene.minX(), "minZ", scene.minZ(), "maxX", scene.maxX(), "maxZ", scene.maxZ()));
        out.put("floorColor", scene.environment().floorColor());
        List<Map<String, Object>> walls = new ArrayList<>();
        for (Scene.Wall wall : scene.environment().walls()) {
            walls.add(Map.of("center", xz(wall.center()), "size", xz(wall.size()),
                    "color", wall.color() == null ? "" : wall.color()));
        }
        out.put("walls", walls);
        List<Map<String, Object>> zones = new ArrayList<>();
        for (Scene.Zone zone : scene.zones()) {
            Map<String, Object> z = new LinkedHashMap<>();
            z.put("id", zone.id());
            z.put("shape", zone.shape());
            z.put("center", xz(zone.center()));
            z.put("size", zone.size() == null ? List.of(0f, 0f) : xz(zone.size()));
            z.put("radius", zone.radius());
            z.put("color", zone.color() == null ? "" : zone.color());
            z.put("label", zone.label() == null ? zone.id() : zone.label());
            zones.add(z);
        }
        out.put("zones", zones);
        List<Map<String, Object>> roles = new ArrayList<>();
        for (Scene.Role role : scene.roles()) {
            roles.add(Map.of("id", role.id(), "name", role.name() == null ? role.id() : role.name(),
                    "color", role.color() == null ? "" : role.color()));
        }
        out.put("roles", roles);
        return out;
    }

    private static List<Float> xz(Point p) {
        return p == null ? List.of(0f, 0f) : List.of(p.x(), p.z());
    }
}
