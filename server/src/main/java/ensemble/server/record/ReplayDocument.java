package ensemble.server.record;

import ensemble.v1.AvatarPose;
import ensemble.v1.EntityInfo;
import ensemble.v1.EntityPose;
import ensemble.v1.PoseFrame;
import ensemble.v1.RecordedEvent;
import ensemble.v1.RecordingHeader;
import ensemble.v1.RoleInfo;
import ensemble.v1.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording as the console's review page plays it: the floor plan, who is who, and every frame
 * as compact arrays of millimetres (the page adds {@code origin} and divides by 1000).
 *
 * <pre>
 * frame  = [tick, atMs, stateIndex, stepIndex, avatars, entities]
 * avatar = [participantIndex, headX, headY, headZ, leftX, leftY, leftZ, rightX, rightY, rightZ, score, connected(0/1)]
 * entity = [entityIndex, x, y, z, holderParticipantIndex or -1, present(0/1), stateIndex]
 * </pre>
 */
public final class ReplayDocument {
    private ReplayDocument() {
    }

    public static Map<String, Object> of(String id, Recording recording) {
        RecordingHeader h = recording.header();
        long start = h.getStartedAtMs();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", id);
        doc.put("session", h.getSessionId());
        doc.put("scenario", h.getScenarioId());
        doc.put("title", h.getTitle());
        doc.put("tickRate", h.getTickRate());
        doc.put("startedAtMs", start);
        doc.put("durationMs", recording.durationMs());
        var b = h.getLayout().getBounds();
        doc.put("origin", List.of(b.getMin().getX(), b.getMin().getY(), b.getMin().getZ()));
        doc.put("size", List.of(b.getMax().getX() - b.getMin().getX(), b.getMax().getY() - b.getMin().getY(),
                b.getMax().getZ() - b.getMin().getZ()));
        List<Map<String, Object>> zones = new ArrayList<>();
        for (Zone z : h.getLayout().getZonesList()) {
            zones.add(Map.of("id", z.getId(), "label", z.getLabel(), "shape", z.getShape(), "color", z.getColor(),
                    "center", List.of(z.getCenter().getX(), z.getCenter().getZ()), "size",
                    List.of(z.getSize().getX(), z.getSize().getZ()), "radius", z.getRadius()));
        }
        doc.put("zones", zones);
        List<Map<String, Object>> walls = new ArrayList<>();
        for (var w : h.getLayout().getWallsList()) {
            walls.add(Map.of("center", List.of(w.getCenter().getX(), w.getCenter().getZ()),
                    "size", List.of(w.getSize().getX(), w.getSize().getZ())));
        }
        doc.put("walls", walls);
        Map<String, String> roleColors = new LinkedHashMap<>();
        for (RoleInfo role : h.getLayout().getRolesList()) {
            roleColors.put(role.getId(), role.getColor());
        }
        doc.put("roles", roleColors);
        List<Map<String, Object>> entities = new ArrayList<>();
        for (EntityInfo e : h.getEntitiesList()) {
            entities.add(Map.of("id", e.getId(), "label", e.getLabel(), "color", e.getColor(), "shape", e.getShape()));
        }
        doc.put("entities", entities);

        Map<String, Integer> participantIndex = new LinkedHashMap<>();
        List<Map<String, Object>> participants = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        List<String> entityStates = new ArrayList<>();
        List<Object> frames = new ArrayList<>();
        for (PoseFrame f : recording.frames()) {
            List<Object> avatars = new ArrayList<>();
            for (AvatarPose a : f.getAvatarsList()) {
                if (a.getSpectator()) {
                    continue;
                }
                Integer index = participantIndex.get(a.getParticipantId());
                if (index == null) {
                    index = participants.size();
                    participantIndex.put(a.getParticipantId(), index);
                    participants.add(Map.of("id", a.getParticipantId(), "name", a.getDisplayName(), "role", a.getRole()));
                }
                List<Object> row = new ArrayList<>(12);
                row.add(index);
                row.addAll(a.getPositionMmList());
                row.add(a.getScore());
                row.add(a.getConnected() ? 1 : 0);
                avatars.add(row);
            }
            List<Object> ents = new ArrayList<>();
            for (EntityPose e : f.getEntitiesList()) {
                Integer holder = e.getHolderId().isEmpty() ? null : participantIndex.get(e.getHolderId());
                ents.add(List.of(e.getIndex(), e.getPositionMm(0), e.getPositionMm(1), e.getPositionMm(2),
                        holder == null ? -1 : holder, e.getPresent() ? 1 : 0, indexOf(entityStates, e.getState())));
            }
            frames.add(List.of(f.getTick(), f.getWallMs() - start, indexOf(states, f.getState()),
                    indexOf(steps, f.getStepId()), avatars, ents));
        }
        doc.put("participants", participants);
        doc.put("states", states);
        doc.put("steps", steps);
        doc.put("entityStates", entityStates);
        doc.put("frames", frames);
        List<Map<String, Object>> events = new ArrayList<>();
        for (RecordedEvent e : recording.events()) {
            if (e.getType().equals("feedback")) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("atMs", Math.max(0, e.getWallMs() - start));
            row.put("tick", e.getTick());
            row.put("type", e.getType());
            row.put("actor", e.getActor());
            row.put("data", e.getDataMap());
            events.add(row);
        }
        doc.put("events", events);
        doc.put("keyframes", recording.keyframes().stream().map(k -> k.getTick()).toList());
        return doc;
    }

    private static int indexOf(List<String> table, String value) {
        int i = table.indexOf(value);
        if (i < 0) {
            table.add(value);
            i = table.size() - 1;
        }
        return i;
    }
}
