package ensemble.server.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.http.ApiGuard;
import ensemble.server.http.HttpReply;
import ensemble.server.http.HttpRoutes;
import ensemble.server.xapi.XapiStatements;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The learning-record part of the console API, facilitators only: a session's team analytics as
 * JSON or CSV, several sessions compared, leaderboard opt-in and boards, and the xAPI export.
 * Everything is read from Redis on the learning record's own threads, never on an event loop.
 */
public final class LearningRecordApi {
    /** Sessions one cross-session request may name. */
    public static final int MAX_SESSIONS = 50;

    private final LearningRecord record;
    private final Executor executor;

    LearningRecordApi(LearningRecord record, Executor executor) {
        this.record = record;
        this.executor = executor;
    }

    public void register(HttpRoutes routes, ApiGuard guard) {
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/analytics", guard.facilitator((request, caller) ->
                off(() -> one(request.param("id")).map(a -> HttpReply.ok(a.toMap())).orElseGet(() -> notFound(request.param("id"))))));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/analytics.csv", guard.facilitator((request, caller) ->
                off(() -> one(request.param("id")).map(a -> csv(List.of(a), request.param("id")))
                        .orElseGet(() -> notFound(request.param("id"))))));
        routes.addAsync(HttpMethod.GET, "/api/analytics", guard.facilitator((request, caller) ->
                off(() -> HttpReply.ok(compare(many(request.queryParam("sessions")))))));
        routes.addAsync(HttpMethod.GET, "/api/analytics.csv", guard.facilitator((request, caller) ->
                off(() -> csv(many(request.queryParam("sessions")), "sessions"))));
        routes.addAsync(HttpMethod.PUT, "/api/sessions/{id}/leaderboard", guard.facilitator((request, caller) -> {
            JsonNode body = request.jsonBody();
            String id = request.param("id");
            return off(() -> {
                if (!record.exists(id)) {
                    return notFound(id);
                }
                Leaderboards.Entry entry = record.leaderboards().optIn(id, body.path("team").asText(id),
                        body.path("cohort").asText("default"));
                return HttpReply.ok(Map.of("session", id, "team", entry.team(), "cohort", entry.cohort(), "optedIn", true));
            });
        }));
        routes.addAsync(HttpMethod.DELETE, "/api/sessions/{id}/leaderboard", guard.facilitator((request, caller) ->
                off(() -> {
                    record.leaderboards().optOut(request.param("id"));
                    return HttpReply.ok(Map.of("session", request.param("id"), "optedIn", false));
                })));
        routes.addAsync(HttpMethod.GET, "/api/leaderboards/{cohort}", guard.facilitator((request, caller) ->
                off(() -> HttpReply.ok(board(request.param("cohort"))))));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/xapi", guard.facilitator((request, caller) ->
                off(() -> xapi(request.param("id")))));
    }

    private Optional<SessionAnalytics> one(String sessionId) {
        return record.analyse(sessionId);
    }

    private List<SessionAnalytics> many(String ids) {
        if (ids == null || ids.isBlank()) {
            throw new IllegalArgumentException("name the sessions: ?sessions=a,b,c");
        }
        String[] split = ids.split(",");
        if (split.length > MAX_SESSIONS) {
            throw new IllegalArgumentException("at most " + MAX_SESSIONS + " sessions per request");
        }
        List<SessionAnalytics> found = new ArrayList<>();
        for (String id : split) {
            record.analyse(id.strip()).ifPresent(found::add);
        }
        return found;
    }

    /** Several sessions side by side, and each step's runs pooled across them. */
    static Map<String, Object> compare(List<SessionAnalytics> sessions) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, long[]> steps = new TreeMap<>();
        for (SessionAnalytics a : sessions) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("session", a.sessionId());
            row.put("scenario", a.scenarioId());
            row.put("durationMs", a.durationMillis());
            row.put("teamPoints", a.teamPoints());
            row.put("errors", a.errors());
            row.put("balance", InteractionNetwork.round(a.balance()));
            row.put("density", InteractionNetwork.round(a.network().density()));
            row.put("participants", a.participants().size());
            row.put("outcome", a.outcome());
            rows.add(row);
            for (SessionAnalytics.StepRun run : a.steps()) {
                long[] sums = steps.computeIfAbsent(a.scenarioId() + "/" + run.step(), k -> new long[3]);
                sums[0]++;
                sums[1] += run.durationMillis();
                sums[2] += run.errors();
            }
        }
        List<Map<String, Object>> pooled = new ArrayList<>();
        steps.forEach((step, sums) -> pooled.add(Map.of("step", step, "runs", sums[0],
                "meanDurationMs", sums[1] / sums[0], "errors", sums[2])));
        out.put("sessions", rows);
        out.put("steps", pooled);
        return out;
    }

    private Map<String, Object> board(String cohort) {
        Map<Leaderboards.Entry, SessionAnalytics> played = new LinkedHashMap<>();
        for (String id : record.leaderboards().sessions(cohort)) {
            Optional<Leaderboards.Entry> entry = record.leaderboards().entry(id);
            Optional<SessionAnalytics> analytics = record.analyse(id);
            if (entry.isPresent() && analytics.isPresent()) {
                played.put(entry.get(), analytics.get());
            }
        }
        return Map.of("cohort", cohort, "teams", Leaderboards.rank(played));
    }

    private HttpReply xapi(String sessionId) {
        Optional<List<XapiStatements.Statement>> statements = record.statements(sessionId);
        if (statements.isEmpty()) {
            return notFound(sessionId);
        }
        List<String> json = statements.get().stream().map(XapiStatements.Statement::json).toList();
        return new HttpReply(HttpResponseStatus.OK, "application/json; charset=utf-8",
                ("[" + String.join(",\n", json) + "]").getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Disposition", "attachment; filename=\"" + sessionId + "-xapi.json\"");
    }

    private static HttpReply csv(List<SessionAnalytics> sessions, String name) {
        return HttpReply.text(HttpResponseStatus.OK, "text/csv; charset=utf-8", AnalyticsCsv.of(sessions))
                .withHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_")
                        + "-analytics.csv\"");
    }

    private CompletionStage<HttpReply> off(Supplier<HttpReply> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                    "too many learning-record requests at once"));
        }
    }

    private static HttpReply notFound(String id) {
        return HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_session", "no recorded session '" + id + "'");
    }
}
