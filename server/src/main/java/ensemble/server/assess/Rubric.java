package ensemble.server.assess;

import ensemble.scenario.model.Objective;
import ensemble.scenario.model.Scoring;
import ensemble.server.store.EventRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rubric evaluated from the session's {@code score} events, per participant, role and team:
 * points earned, penalties (negative awards), each criterion with its learning objective, and
 * pass/fail against the scenario's pass mark.
 *
 * <p>Who is credited: an award to a participant counts for them, their role and the team; an award
 * to a role counts for the role, each of its members and the team; a team award counts for
 * everyone. A participant, role or the team passes when its total reaches the pass mark.
 */
final class Rubric {
    private Rubric() {
    }

    /** Points of one holder (participant, role or team) per criterion. */
    private static final class Tally {
        int points;
        int penalties;
        final Map<String, int[]> byCriterion = new LinkedHashMap<>();

        void add(String criterion, int value) {
            if (value >= 0) {
                points += value;
            } else {
                penalties += -value;
            }
            int[] c = byCriterion.computeIfAbsent(criterion, k -> new int[2]);
            if (value >= 0) {
                c[0] += value;
            } else {
                c[1] += -value;
            }
        }

        Map<String, Object> json(int passMark, boolean hasRubric) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("points", points);
            out.put("penalties", penalties);
            out.put("total", points - penalties);
            out.put("passed", hasRubric ? (Object) (points - penalties >= passMark) : null);
            Map<String, Object> criteria = new LinkedHashMap<>();
            byCriterion.forEach((id, v) -> criteria.put(id, Map.of("points", v[0], "penalties", v[1])));
            out.put("criteria", criteria);
            return out;
        }
    }

    static Map<String, Object> evaluate(ReportContext context, Map<String, Map<String, String>> people) {
        Scoring scoring = context.scenario().map(s -> s.scoring()).orElse(Scoring.NONE);
        boolean hasRubric = !scoring.criteria().isEmpty();
        Map<String, String> objectives = new LinkedHashMap<>();
        context.scenario().ifPresent(s -> s.objectives().forEach((Objective o) -> objectives.put(o.id(), o.text())));

        Tally team = new Tally();
        Map<String, Tally> roles = new LinkedHashMap<>();
        Map<String, Tally> participants = new LinkedHashMap<>();
        people.forEach((id, p) -> {
            participants.put(id, new Tally());
            roles.computeIfAbsent(p.get("role"), r -> new Tally());
        });
        List<Map<String, Object>> awards = new ArrayList<>();
        for (EventRecord e : context.events()) {
            if (!e.type().equals("score")) {
                continue;
            }
            int points;
            try {
                points = Integer.parseInt(e.data().getOrDefault("points", "0"));
            } catch (NumberFormatException bad) {
                continue;
            }
            String criterion = e.data().getOrDefault("criterion", "");
            String participant = e.data().get("participant");
            String role = e.data().get("role");
            team.add(criterion, points);
            if (participant != null) {
                participants.computeIfAbsent(participant, k -> new Tally()).add(criterion, points);
                if (role != null) {
                    roles.computeIfAbsent(role, k -> new Tally()).add(criterion, points);
                }
            } else if (role != null) {
                roles.computeIfAbsent(role, k -> new Tally()).add(criterion, points);
                people.forEach((id, p) -> {
                    if (role.equals(p.get("role"))) {
                        participants.computeIfAbsent(id, k -> new Tally()).add(criterion, points);
                    }
                });
            } else {
                roles.values().forEach(t -> t.add(criterion, points));
                participants.values().forEach(t -> t.add(criterion, points));
            }
            Map<String, Object> award = new LinkedHashMap<>();
            award.put("atMs", context.offset(e.wallMillis()));
            award.put("tick", e.tick());
            award.put("criterion", criterion);
            award.put("points", points);
            award.put("reason", e.data().getOrDefault("reason", ""));
            award.put("to", participant != null ? "participant:" + participant : role != null ? "role:" + role : "team");
            awards.add(award);
        }

        List<Map<String, Object>> criteria = new ArrayList<>();
        for (Scoring.Criterion c : scoring.criteria()) {
            int[] earned = team.byCriterion.getOrDefault(c.id(), new int[2]);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", c.id());
            row.put("description", c.description() == null ? "" : c.description());
            row.put("objective", Map.of("id", c.objective().id(), "text", objectives.getOrDefault(c.objective().id(), "")));
            row.put("maxPoints", c.maxPoints());
            row.put("points", earned[0]);
            row.put("penalties", earned[1]);
            row.put("met", earned[0] - earned[1] >= c.maxPoints() && c.maxPoints() > 0);
            criteria.add(row);
        }
        List<Map<String, Object>> participantRows = new ArrayList<>();
        participants.forEach((id, tally) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            Map<String, String> p = people.getOrDefault(id, Map.of());
            row.put("name", p.getOrDefault("name", id));
            row.put("role", p.getOrDefault("role", ""));
            row.putAll(tally.json(scoring.passMark(), hasRubric));
            participantRows.add(row);
        });
        List<Map<String, Object>> roleRows = new ArrayList<>();
        roles.forEach((id, tally) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("members", people.entrySet().stream().filter(en -> id.equals(en.getValue().get("role")))
                    .map(Map.Entry::getKey).toList());
            row.putAll(tally.json(scoring.passMark(), hasRubric));
            roleRows.add(row);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passMark", scoring.passMark());
        out.put("maxPoints", scoring.criteria().stream().mapToInt(Scoring.Criterion::maxPoints).sum());
        out.put("team", team.json(scoring.passMark(), hasRubric));
        out.put("criteria", criteria);
        out.put("roles", roleRows);
        out.put("participants", participantRows);
        out.put("awards", awards);
        return out;
    }
}
