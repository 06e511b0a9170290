package ensemble.server.record;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.assess.ReviewSettings;
import ensemble.server.http.ApiGuard;
import ensemble.server.http.Caller;
import ensemble.server.http.HttpReply;
import ensemble.server.http.JoinLinks;
import ensemble.server.http.HttpRoutes;
import ensemble.server.session.Participant;
import ensemble.server.session.Session;
import ensemble.v1.FeedbackSubmit;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The review part of the JSON API: the assessment report, peer feedback and review settings, the
 * recording (download, import, replay document) and forks. Blocking Redis work runs on the
 * {@link Review}'s pool; feedback on the session's tick thread. Only feedback is open to
 * participants (with their own resume token); the rest needs a facilitator.
 */
public final class ReviewApi {
    /** The media type of recording files. */
    public static final String RECORDING_TYPE = "application/vnd.ensemble.recording+gzip";

    private final Review review;
    private final ApiGuard guard;
    private final String controlEndpoint;
    private final JoinLinks links;

    public ReviewApi(Review review, ApiGuard guard, JoinLinks links) {
        this.review = review;
        this.guard = guard;
        this.controlEndpoint = links.endpoint();
        this.links = links;
    }

    public void register(HttpRoutes routes) {
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/report", guard.facilitator((request, caller) ->
                offPool(() -> review.reports().compute(request.param("id"))
                        .map(HttpReply::ok).orElseGet(() -> notFound(request.param("id"))))));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/review-settings", guard.facilitator((request, caller) ->
                offPool(() -> HttpReply.ok(review.reports().settings(request.param("id"))))));
        routes.addAsync(HttpMethod.POST, "/api/sessions/{id}/review-settings", guard.facilitator((request, caller) -> {
            JsonNode body = request.jsonBody();
            if (!body.path("anonymousFeedback").isBoolean()) {
                throw new IllegalArgumentException("\"anonymousFeedback\" must be true or false");
            }
            ReviewSettings settings = new ReviewSettings(body.get("anonymousFeedback").asBoolean());
            return offPool(() -> {
                review.reports().saveSettings(request.param("id"), settings);
                return HttpReply.ok(settings);
            });
        }));
        routes.addAsync(HttpMethod.POST, "/api/sessions/{id}/feedback", guard.facilitatorOrMember((request, caller) ->
                feedback(request.param("id"), request.jsonBody(), caller)));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/recording", guard.facilitator((request, caller) ->
                offPool(() -> review.recordings().load(request.param("id"))
                        .map(r -> new HttpReply(HttpResponseStatus.OK, RECORDING_TYPE, RecordingFile.write(r))
                                .withHeader("Content-Disposition", "attachment; filename=\"" + request.param("id") + ".ensrec\""))
                        .orElseGet(() -> noRecording(request.param("id"))))));
        routes.addAsync(HttpMethod.GET, "/api/sessions/{id}/replay", guard.facilitator((request, caller) ->
                offPool(() -> review.recordings().load(request.param("id"))
                        .map(r -> HttpReply.ok(ReplayDocument.of(request.param("id"), r)))
                        .orElseGet(() -> noRecording(request.param("id"))))));
        routes.upload(HttpMethod.POST, "/api/recordings", RECORDING_TYPE, guard.facilitator((request, caller) -> {
            byte[] file = new byte[request.raw().content().readableBytes()];
            request.raw().content().getBytes(request.raw().content().readerIndex(), file);
            return offPool(() -> {
                Recording recording = RecordingFile.read(file);
                String id = review.recordings().importRecording(recording, System.currentTimeMillis(),
                        review.node().store().settings().retention());
                return HttpReply.json(HttpResponseStatus.CREATED, Map.of("id", id, "session",
                        recording.header().getSessionId(), "title", recording.header().getTitle(),
                        "durationMs", recording.durationMs(), "frames", recording.frames().size(),
                        "events", recording.events().size()));
            });
        }));
        routes.addAsync(HttpMethod.GET, "/api/recordings", guard.facilitator((request, caller) ->
                offPool(() -> HttpReply.ok(Map.of("recordings", review.recordings().imported())))));
        routes.addAsync(HttpMethod.POST, "/api/sessions/{id}/fork", guard.facilitator((request, caller) -> {
            JsonNode body = request.jsonBody();
            if (!body.path("atMs").canConvertToLong() || body.path("atMs").asLong() < 0) {
                throw new IllegalArgumentException("\"atMs\" must be milliseconds from the start of the recording (>= 0)");
            }
            long atMs = body.get("atMs").asLong();
            return offPool(() -> review.recordings().load(request.param("id"))
                    .map(r -> fork(request.param("id"), r, atMs)).orElseGet(() -> noRecording(request.param("id"))));
        }));
    }

    private HttpReply fork(String from, Recording recording, long atMs) {
        Fork.Result result = Fork.start(recording, atMs, review.registry(), review.scenarios(), System.currentTimeMillis());
        String id = result.session().id();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("forkedFrom", from);
        reply.put("requestedAtMs", atMs);
        reply.put("atMs", result.atMs());
        reply.put("fromTick", result.fromTick());
        reply.put("state", result.state());
        reply.put("server", controlEndpoint);
        var team = result.team().stream().map(m -> {
            Map<String, String> member = new LinkedHashMap<>(m);
            member.put("link", links.link(id, m.get("token")));
            return member;
        }).toList();
        reply.put("team", team);
        reply.put("spectatorToken", result.spectatorToken());
        return HttpReply.json(HttpResponseStatus.CREATED, reply);
    }

    /**
     * Feedback through the API: a participant sends their own resume token (from their Welcome) to
     * say who they are; a facilitator may submit on someone's behalf with {@code "from"}.
     */
    private CompletionStage<HttpReply> feedback(String id, JsonNode body, Caller caller) {
        Session session = review.registry().find(id);
        if (session == null) {
            return done(HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_session",
                    "no live session '" + id + "' on this node (feedback is given while the session is hosted)"));
        }
        FeedbackSubmit.Builder submit = FeedbackSubmit.newBuilder().setAboutParticipantId(body.path("about").asText(""))
                .setComment(body.path("comment").asText("")).setTick(body.path("tick").asInt(0));
        JsonNode ratings = body.path("ratings");
        if (!ratings.isMissingNode() && !ratings.isObject()) {
            throw new IllegalArgumentException("\"ratings\" must be an object of criterion to 1..5");
        }
        if (ratings.size() > 64) {
            throw new IllegalArgumentException("too many ratings");
        }
        ratings.fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToInt()) {
                throw new IllegalArgumentException("rating of '" + e.getKey() + "' must be a number");
            }
            submit.putRatings(e.getKey(), Math.max(0, e.getValue().asInt()));
        });
        String resumeToken = body.path("resumeToken").asText("");
        String from = body.path("from").asText("");
        boolean byName = caller instanceof Caller.Facilitator && resumeToken.isEmpty();
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        boolean queued = session.submit(s -> {
            Participant rater = null;
            for (Participant p : s.participantList()) {
                if (byName ? p.id().equals(from) : p.resumesWith(resumeToken)) {
                    rater = p;
                }
            }
            if (rater == null) {
                reply.complete(HttpReply.error(HttpResponseStatus.FORBIDDEN, "unknown_rater", byName
                        ? "no participant '" + from + "' in this session" : "send your own resumeToken to give feedback"));
                return;
            }
            String refusal = s.submitFeedback(rater, submit.build());
            reply.complete(refusal == null ? HttpReply.json(HttpResponseStatus.CREATED, Map.of("accepted", true))
                    : HttpReply.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, "refused", refusal));
        });
        if (!queued) {
            return done(HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "session is busy"));
        }
        return reply.orTimeout(5, TimeUnit.SECONDS);
    }

    private CompletionStage<HttpReply> offPool(java.util.concurrent.Callable<HttpReply> work) {
        return review.call(work).exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RejectedExecutionException) {
                return done(HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "the review is busy; try again"));
            }
            if (cause instanceof IllegalStateException) {
                return done(HttpReply.error(HttpResponseStatus.CONFLICT, "conflict", cause.getMessage()));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static HttpReply notFound(String id) {
        return HttpReply.error(HttpResponseStatus.NOT_FOUND, "unknown_session", "no session '" + id + "'");
    }

    private static HttpReply noRecording(String id) {
        return HttpReply.error(HttpResponseStatus.NOT_FOUND, "no_recording", "no recording of '" + id + "'");
    }

    private static CompletionStage<HttpReply> done(HttpReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
