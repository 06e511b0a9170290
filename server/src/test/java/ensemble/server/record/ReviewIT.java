package ensemble.server.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.proto.PoseQuantizer;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Participant;
import ensemble.server.session.Session;
import ensemble.server.testing.Api;
import ensemble.server.testing.TestClient;
import ensemble.server.testing.TestTls;
import ensemble.server.world.Entity;
import ensemble.server.world.Scene;
import ensemble.v1.AvatarPose;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import ensemble.v1.EntityPose;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.FeedbackSubmit;
import ensemble.v1.PoseFrame;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The after-action review end to end, on a real server and Redis: a team of test clients plays the
 * fire drill while the test samples the live world; then the report (rubric, steps, feedback),
 * peer feedback over the protocol and the API, the recording replayed against the live samples,
 * export and import as a file, and a fork that the team plays on to the end.
 */
class ReviewIT {
    static final Path CATALOG = Path.of("../scenarios/catalog").toAbsolutePath().normalize();
    static final HttpClient HTTP = TestTls.httpClient().build();

    @TempDir
    static Path dataDir;
    static EnsembleServer server;
    static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir).toBuilder().scenarioDir(CATALOG).build());
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        server.close();
    }

    /** What the live session had at the end of one tick, as the recording quantises it. */
    record Sample(int tick, String state, String step, List<AvatarPose> avatars, List<EntityPose> entities) {
    }

    /** Samples the world on the tick thread until it lands right after a frame tick; the state then is that tick's. */
    static Sample sample(Session session, int frameTicks) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            CompletableFuture<Sample> seen = new CompletableFuture<>();
            session.submit(s -> {
                int tick = s.tickNumber() - 1; // commands run at the start of a tick: the world is the previous tick's
                if (tick % frameTicks != 0) {
                    seen.complete(null);
                    return;
                }
                Scene scene = s.scene();
                PoseQuantizer q = new PoseQuantizer(scene.minX(), scene.minY(), scene.minZ(), scene.maxX(), scene.maxY(), scene.maxZ());
                List<AvatarPose> avatars = new ArrayList<>();
                float[] poses = new float[21];
                for (Participant p : s.participantList()) {
                    Session.copyPoses(p, poses);
                    AvatarPose.Builder a = AvatarPose.newBuilder().setParticipantId(p.id()).setScore(p.score());
                    for (int part = 0; part < 3; part++) {
                        a.addPositionMm(q.quantizeX(poses[part * 7])).addPositionMm(q.quantizeY(poses[part * 7 + 1]))
                                .addPositionMm(q.quantizeZ(poses[part * 7 + 2]));
                    }
                    avatars.add(a.build());
                }
                List<EntityPose> entities = new ArrayList<>();
                for (Entity e : s.entityList()) {
                    entities.add(EntityPose.newBuilder().setIndex(e.index()).addPositionMm(q.quantizeX(e.position[0]))
                            .addPositionMm(q.quantizeY(e.position[1])).addPositionMm(q.quantizeZ(e.position[2]))
                            .setState(e.state() == null ? "" : e.state()).setPresent(e.present()).build());
                }
                seen.complete(new Sample(tick, s.state().name().toLowerCase(Locale.ROOT),
                        s.scenario().currentStep(), avatars, entities));
            });
            Sample sample = seen.get(5, TimeUnit.SECONDS);
            if (sample != null) {
                return sample;
            }
        }
        throw new AssertionError("never sampled right after a frame tick");
    }

    static void assertReplayed(Recording recording, Sample live) {
        PoseFrame frame = recording.frameAt(live.tick());
        assertNotNull(frame, "a frame at tick " + live.tick());
        assertEquals(live.tick(), frame.getTick(), "the frame of exactly that tick");
        assertEquals(live.state(), frame.getState(), "state at tick " + live.tick());
        assertEquals(live.step(), frame.getStepId(), "step at tick " + live.tick());
        assertEquals(live.avatars().size(), frame.getAvatarsCount(), "participants at tick " + live.tick());
        for (AvatarPose expected : live.avatars()) {
            AvatarPose replayed = frame.getAvatarsList().stream()
                    .filter(a -> a.getParticipantId().equals(expected.getParticipantId())).findFirst().orElseThrow();
            assertEquals(expected.getPositionMmList(), replayed.getPositionMmList(),
                    expected.getParticipantId() + " at tick " + live.tick());
            assertEquals(expected.getScore(), replayed.getScore(), "score at tick " + live.tick());
        }
        for (EntityPose expected : live.entities()) {
            EntityPose replayed = frame.getEntities(expected.getIndex());
            assertEquals(expected.getPositionMmList(), replayed.getPositionMmList(), "entity " + expected.getIndex());
            assertEquals(expected.getState(), replayed.getState());
            assertEquals(expected.getPresent(), replayed.getPresent());
        }
    }

    static Predicate<ServerMessage> scenario(ScenarioEvent.Kind kind) {
        return m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == kind;
    }

    static void control(Session session, FacilitatorCommand.Kind kind, String target) throws Exception {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        session.submit(s -> done.complete(s.control(FacilitatorCommand.newBuilder().setKind(kind).setTarget(target).build(),
                "facilitator:test").applied()));
        assertTrue(done.get(5, TimeUnit.SECONDS), kind + " " + target + " applied");
    }

    static void say(TestClient client, String text) {
        client.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText(text)).build());
    }

    static void walk(TestClient client, float x, float z, int steps) throws InterruptedException {
        for (int i = 0; i < steps; i++) {
            client.setHead(x + i * 0.05f, 1.65f, z + i * 0.03f);
            client.setRightHand(x + i * 0.05f + 0.3f, 1.1f, z);
            Thread.sleep(25);
        }
    }

    static HttpResponse<String> postAs(String joinToken, int port, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(TestTls.https(port, path))
                .header("Authorization", "Bearer " + joinToken).header("Content-Type", "application/json")
                .method(path.endsWith("/report") ? "GET" : "POST", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static byte[] download(int port, String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(TestTls.https(port, path))
                .header("Authorization", Api.FACILITATOR).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), path);
        assertEquals(ReviewApi.RECORDING_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        return response.body();
    }

    static JsonNode upload(int port, byte[] file) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(TestTls.https(port, "/api/recordings"))
                .header("Authorization", Api.FACILITATOR).header("Content-Type", ReviewApi.RECORDING_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    static void awaitWritten() throws InterruptedException {
        RecordingWriter writer = server.console().review().writer();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!writer.idle() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // the journal's last events
    }

    @Test
    void aPlayedDrillIsAssessedReplayedExactlyAndForked() throws Exception {
        int port = server.httpPort();
        int frameTicks = server.console().review().recorder().frameTicks();
        JsonNode created = Api.postJson(port, "/api/sessions", "{\"scenario\": \"office-fire-evacuation\"}");
        String id = created.get("id").asText();
        Session session = server.sessions().find(id);
        Api.postJson(port, "/api/sessions/" + id + "/review-settings", "{\"anonymousFeedback\": false}");
        List<Sample> samples = new ArrayList<>();
        try (TestClient warden = new TestClient(group, TestClient.options(server.controlPort(),
                created.get("joinTokens").get("warden").asText(), "Wanda"));
             TestClient employee = new TestClient(group, TestClient.options(server.controlPort(),
                     created.get("joinTokens").get("employee").asText(), "Emil"))) {
            var wardenWelcome = warden.awaitWelcome();
            var employeeWelcome = employee.awaitWelcome();
            String wardenId = wardenWelcome.getParticipantId();
            String employeeId = employeeWelcome.getParticipantId();

            walk(warden, 1, 1, 10);
            samples.add(sample(session, frameTicks));
            control(session, FacilitatorCommand.Kind.KIND_START, "");
            warden.await(scenario(ScenarioEvent.Kind.KIND_STEP_STARTED), Duration.ofSeconds(5));
            walk(employee, -2, 3, 10);
            samples.add(sample(session, frameTicks));
            say(warden, "Fire! Everybody out!");
            warden.await(scenario(ScenarioEvent.Kind.KIND_SCORE), Duration.ofSeconds(5));
            walk(warden, 2, -1, 10);
            samples.add(sample(session, frameTicks));
            control(session, FacilitatorCommand.Kind.KIND_GOTO_STEP, "roll-call");
            control(session, FacilitatorCommand.Kind.KIND_INJECT, "missing-colleague");
            warden.await(m -> scenario(ScenarioEvent.Kind.KIND_STEP_STARTED).test(m)
                    && m.getScenarioEvent().getStepId().equals("report-missing"), Duration.ofSeconds(5));
            walk(employee, 0, 0, 10);
            Sample beforeEnd = sample(session, frameTicks);
            samples.add(beforeEnd);
            Thread.sleep(Recorder.KEYFRAME_MILLIS + 300); // a keyframe inside report-missing
            walk(warden, 3, 3, 5);
            say(warden, "Priya from accounts is missing, last seen at her desk");
            employee.await(scenario(ScenarioEvent.Kind.KIND_ENDED), Duration.ofSeconds(5));
            samples.add(sample(session, frameTicks));

            // Peer feedback in the debrief: over the protocol, refused when it names no criterion of the rubric.
            employee.send(ClientMessage.newBuilder().setFeedback(FeedbackSubmit.newBuilder().setAboutParticipantId(wardenId)
                    .putRatings("alarm", 5).putRatings("evacuation", 4).setComment("Clear and loud alarm")
                    .setTick(beforeEnd.tick())).build());
            employee.send(ClientMessage.newBuilder().setFeedback(FeedbackSubmit.newBuilder().setAboutParticipantId(wardenId)
                    .putRatings("charisma", 5)).build());
            ServerMessage refusal = employee.await(ServerMessage::hasError, Duration.ofSeconds(5));
            assertTrue(refusal.getError().getMessage().contains("charisma"), refusal.getError().getMessage());
            // ... and over the API, the participant naming themselves with their resume token.
            String wardenToken = created.get("joinTokens").get("warden").asText();
            var forged = postAs(wardenToken, port, "/api/sessions/" + id + "/feedback", "{\"resumeToken\": \"nope\", \"about\": \""
                    + employeeId + "\", \"ratings\": {\"alarm\": 3}}");
            assertEquals(403, forged.statusCode(), forged.body());
            var given = postAs(wardenToken, port, "/api/sessions/" + id + "/feedback", "{\"resumeToken\": \""
                    + wardenWelcome.getResumeToken() + "\", \"about\": \"" + employeeId
                    + "\", \"ratings\": {\"evacuation\": 3}, \"comment\": \"Slow to the stairs\"}");
            assertEquals(201, given.statusCode(), given.body());
            for (JsonNode event : Api.getJson(port, "/api/sessions/" + id + "/events").get("events")) {
                if (event.get("type").asText().equals("feedback")) {
                    assertEquals("", event.get("actor").asText(), "the event log never names a rater: " + event);
                    assertFalse(event.get("data").has("fromName") || event.get("data").has("fromRole"), event.toString());
                    assertTrue(event.get("data").has("about"), event.toString());
                }
            }
            assertEquals(403, postAs(wardenToken, port, "/api/sessions/" + id + "/report", "").statusCode(),
                    "a participant does not read the report");

            // The report, from the server's own event stream.
            Thread.sleep(300);
            JsonNode report = Api.getJson(port, "/api/sessions/" + id + "/report");
            JsonNode rubric = report.get("rubric");
            assertTrue(report.path("analytics").path("participation").isArray()
                    || report.path("analytics").isObject(), "team analytics are part of the report: " + report);
            assertEquals(25, rubric.get("passMark").asInt());
            assertEquals(20, rubric.get("team").get("total").asInt(), report.toString());
            assertFalse(rubric.get("team").get("passed").asBoolean(), "20 of a pass mark of 25");
            JsonNode alarm = rubric.get("criteria").get(0);
            assertEquals("alarm", alarm.get("id").asText());
            assertEquals("raise-alarm", alarm.get("objective").get("id").asText());
            assertEquals(10, alarm.get("points").asInt());
            JsonNode wardenRow = find(rubric.get("participants"), "id", wardenId);
            assertEquals(20, wardenRow.get("points").asInt());
            assertEquals("warden", wardenRow.get("role").asText());
            assertEquals(0, find(rubric.get("participants"), "id", employeeId).get("points").asInt());
            JsonNode steps = report.get("steps");
            assertEquals("evacuated-with-missing", steps.get("outcome").asText());
            JsonNode discover = find(steps.get("runs"), "step", "discover");
            assertEquals("completed", discover.get("outcome").asText(), discover.toString());
            assertTrue(discover.get("durationMs").asLong() > 0);
            assertTrue(report.get("timeline").get("entries").size() > 5);
            JsonNode aboutWarden = find(report.get("feedback").get("participants"), "participant", wardenId);
            assertEquals(5.0, aboutWarden.get("criteria").get("alarm").get("mean").asDouble());
            assertEquals(employeeId, aboutWarden.get("comments").get(0).get("from").asText());
            assertEquals(beforeEnd.tick(), aboutWarden.get("comments").get(0).get("pinTick").asInt());
            Api.postJson(port, "/api/sessions/" + id + "/review-settings", "{\"anonymousFeedback\": true}");
            JsonNode anonymous = Api.getJson(port, "/api/sessions/" + id + "/report").get("feedback");
            assertTrue(anonymous.get("anonymous").asBoolean());
            JsonNode anonymousComment = find(anonymous.get("participants"), "participant", wardenId).get("comments").get(0);
            assertEquals("Clear and loud alarm", anonymousComment.get("text").asText());
            assertFalse(anonymousComment.has("from") || anonymousComment.has("fromName") || anonymousComment.has("fromRole"),
                    "anonymous feedback names no rater (a one-person role would): " + anonymousComment);

            // The recording replays what the live session had, exactly, at every sampled tick.
            awaitWritten();
            byte[] file = download(port, "/api/sessions/" + id + "/recording");
            Recording recording = RecordingFile.read(file);
            assertEquals(id, recording.header().getSessionId());
            for (Sample live : samples) {
                assertReplayed(recording, live);
            }
            assertTrue(recording.events().stream().anyMatch(e -> e.getType().equals("score")), "events are in the file");
            assertTrue(recording.keyframes().size() >= 3, "keyframes: start, steps, every few seconds");

            // Imported, it is the same recording under a new id.
            JsonNode imported = upload(port, file);
            String copy = imported.get("id").asText();
            JsonNode replay = Api.getJson(port, "/api/sessions/" + copy + "/replay");
            assertEquals(recording.frames().size(), replay.get("frames").size());
            assertEquals(2, replay.get("participants").size());
            for (Sample live : samples) {
                assertReplayed(RecordingFile.read(download(port, "/api/sessions/" + copy + "/recording")), live);
            }

            // Fork from the moment before the end: paused in report-missing, the team joins again and finishes.
            long atMs = recording.frameAt(beforeEnd.tick()).getWallMs() - recording.header().getStartedAtMs() + 2_200;
            JsonNode fork = Api.postJson(port, "/api/sessions/" + copy + "/fork", "{\"atMs\": " + atMs + "}");
            Session forked = server.sessions().find(fork.get("id").asText());
            assertNotNull(forked);
            assertEquals("paused", fork.get("state").asText());
            assertEquals(2, fork.get("team").size());
            JsonNode wardenSeat = find(fork.get("team"), "role", "warden");
            assertEquals("Wanda", wardenSeat.get("name").asText());
            try (TestClient again = new TestClient(group, TestClient.options(server.controlPort(),
                    wardenSeat.get("token").asText(), "Wanda"))) {
                again.awaitWelcome();
                CompletableFuture<String> step = new CompletableFuture<>();
                forked.submit(s -> step.complete(s.scenario().currentStep()));
                assertEquals("report-missing", step.get(5, TimeUnit.SECONDS), "the fork is where the recording was");
                control(forked, FacilitatorCommand.Kind.KIND_RESUME, "");
                say(again, "Priya from accounts is missing, last seen at her desk");
                assertEquals("evacuated-with-missing", again.await(scenario(ScenarioEvent.Kind.KIND_ENDED),
                        Duration.ofSeconds(5)).getScenarioEvent().getOutcome());
            }
        }
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
