package ensemble.server.analytics;

import ensemble.server.store.RedisKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import redis.clients.jedis.UnifiedJedis;

/**
 * Leaderboards of teams within a cohort. A session appears on one only when its facilitator opted
 * it in (with a team name and a cohort); by default no session is on any board. Blocking.
 */
public final class Leaderboards {
    /** Sessions one cohort's board holds, at most. */
    public static final int MAX_SESSIONS_PER_COHORT = 500;
    /** Longest team name. */
    public static final int MAX_TEAM_NAME = 64;

    /** A session's opt-in. */
    public record Entry(String sessionId, String team, String cohort) {
    }

    /** One line of a board: a team's best session. */
    public record Row(int rank, String team, String bestSession, int teamPoints, long durationMillis, int errors,
            int sessionsPlayed) {
    }

    private final UnifiedJedis jedis;

    public Leaderboards(UnifiedJedis jedis) {
        this.jedis = jedis;
    }

    public Entry optIn(String sessionId, String team, String cohort) {
        RedisKeys.requireId("cohort", cohort);
        if (team == null || team.isBlank() || team.length() > MAX_TEAM_NAME) {
            throw new IllegalArgumentException("the team name must be 1.." + MAX_TEAM_NAME + " characters");
        }
        Optional<Entry> before = entry(sessionId);
        if (before.isPresent() && !before.get().cohort().equals(cohort)) {
            jedis.srem(RedisKeys.leaderboard(before.get().cohort()), sessionId);
        }
        if (before.isEmpty() && jedis.scard(RedisKeys.leaderboard(cohort)) >= MAX_SESSIONS_PER_COHORT) {
            throw new IllegalArgumentException("cohort " + cohort + " already holds " + MAX_SESSIONS_PER_COHORT + " sessions");
        }
        jedis.hset(RedisKeys.leaderboardEntry(sessionId), Map.of("team", team.strip(), "cohort", cohort));
        jedis.sadd(RedisKeys.leaderboard(cohort), sessionId);
        return new Entry(sessionId, team.strip(), cohort);
    }

    public void optOut(String sessionId) {
        entry(sessionId).ifPresent(e -> jedis.srem(RedisKeys.leaderboard(e.cohort()), sessionId));
        jedis.del(RedisKeys.leaderboardEntry(sessionId));
    }

    public Optional<Entry> entry(String sessionId) {
        Map<String, String> fields = jedis.hgetAll(RedisKeys.leaderboardEntry(sessionId));
        if (!fields.containsKey("cohort")) {
            return Optional.empty();
        }
        return Optional.of(new Entry(sessionId, fields.getOrDefault("team", sessionId), fields.get("cohort")));
    }

    /** Sessions opted into a cohort's board, in id order. */
    public List<String> sessions(String cohort) {
        return new ArrayList<>(new TreeSet<>(jedis.smembers(RedisKeys.leaderboard(cohort))));
    }

    /** Ranks teams by their best session: most points, then fastest, then fewest errors. */
    public static List<Row> rank(Map<Entry, SessionAnalytics> played) {
        Comparator<SessionAnalytics> better = Comparator.comparingInt(SessionAnalytics::teamPoints).reversed()
                .thenComparingLong(SessionAnalytics::durationMillis).thenComparingInt(SessionAnalytics::errors);
        Map<String, List<SessionAnalytics>> byTeam = new LinkedHashMap<>();
        played.forEach((entry, analytics) -> byTeam.computeIfAbsent(entry.team(), t -> new ArrayList<>()).add(analytics));
        List<Map.Entry<String, SessionAnalytics>> best = new ArrayList<>();
        byTeam.forEach((team, runs) -> best.add(Map.entry(team, runs.stream().min(better).orElseThrow())));
        best.sort(Map.Entry.<String, SessionAnalytics>comparingByValue(better).thenComparing(Map.Entry::getKey));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, SessionAnalytics> e : best) {
            SessionAnalytics a = e.getValue();
            rows.add(new Row(rows.size() + 1, e.getKey(), a.sessionId(), a.teamPoints(), a.durationMillis(), a.errors(),
                    byTeam.get(e.getKey()).size()));
        }
        return rows;
    }
}
