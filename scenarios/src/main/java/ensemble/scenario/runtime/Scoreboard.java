package ensemble.scenario.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points per participant, per role and for the team, and per rubric criterion. Points to a
 * participant also count for their role and the team; points to a role count for the team.
 */
public final class Scoreboard {

    private final Map<String, Integer> participants = new LinkedHashMap<>();
    private final Map<String, Integer> roles = new LinkedHashMap<>();
    private final Map<String, Integer> criteria = new LinkedHashMap<>();
    private int team;

    /** Applies {@code points} and returns the target's new total. */
    int add(Effect.ScoreTarget target, String criterionId, int points) {
        criteria.merge(criterionId, points, Integer::sum);
        team += points;
        if (target instanceof Effect.ScoreTarget.Participant p) {
            roles.merge(p.roleId(), points, Integer::sum);
            return participants.merge(p.participantId(), points, Integer::sum);
        }
        if (target instanceof Effect.ScoreTarget.Role r) {
            return roles.merge(r.roleId(), points, Integer::sum);
        }
        return team;
    }

    public int team() {
        return team;
    }

    public int participant(String id) {
        return participants.getOrDefault(id, 0);
    }

    public int role(String id) {
        return roles.getOrDefault(id, 0);
    }

    public int criterion(String id) {
        return criteria.getOrDefault(id, 0);
    }

    public Map<String, Integer> byParticipant() {
        return Map.copyOf(participants);
    }

    public Map<String, Integer> byRole() {
        return Map.copyOf(roles);
    }

    public Map<String, Integer> byCriterion() {
        return Map.copyOf(criteria);
    }

    /** Puts back totals saved from another run of the same scenario (a restored checkpoint). */
    void restore(Map<String, Integer> byParticipant, Map<String, Integer> byRole, Map<String, Integer> byCriterion,
            int teamTotal) {
        participants.clear();
        participants.putAll(byParticipant);
        roles.clear();
        roles.putAll(byRole);
        criteria.clear();
        criteria.putAll(byCriterion);
        team = teamTotal;
    }
}
