package ensemble.server.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.Session;
import ensemble.server.session.TokenSigner;
import ensemble.server.testing.TestClient;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import ensemble.v1.SessionStatus;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalogue scenario running in a real session: steps, scores, facilitator overrides, the end. */
class ScenarioSessionIT {
    static final Path CATALOG = Path.of("../scenarios/catalog").toAbsolutePath().normalize();

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

    static Predicate<ServerMessage> scenario(ScenarioEvent.Kind kind) {
        return m -> m.hasScenarioEvent() && m.getScenarioEvent().getKind() == kind;
    }

    static void control(Session session, FacilitatorCommand.Kind kind, String target) throws Exception {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        session.submit(s -> done.complete(s.control(FacilitatorCommand.newBuilder().setKind(kind).setTarget(target).build(),
                "facilitator").applied()));
        assertTrue(done.get(5, TimeUnit.SECONDS), kind + " " + target + " applied");
    }

    static void say(TestClient client, String text) {
        client.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText(text)).build());
    }

    @Test
    void aTeamPlaysTheFireDrillFromStartToEnd() throws Exception {
        var scene = SceneBuilder.from(server.scenarios().find("office-fire-evacuation").orElseThrow());
        Session session = server.sessions().create(scene, null);
        TokenSigner signer = server.sessions().context().signer();
        try (TestClient warden = new TestClient(group, TestClient.options(server.controlPort(),
                signer.join(session.id(), session.generation(), "warden", TokenSigner.Kind.PARTICIPANT, 600), "Wanda"));
             TestClient employee = new TestClient(group, TestClient.options(server.controlPort(),
                     signer.join(session.id(), session.generation(), "employee", TokenSigner.Kind.PARTICIPANT, 600), "Emil"))) {
            String wardenId = warden.awaitWelcome().getParticipantId();
            employee.awaitWelcome();
            SessionStatus status = warden.await(ServerMessage::hasSessionStatus, Duration.ofSeconds(5)).getSessionStatus();
            assertEquals(SessionStatus.State.STATE_WAITING, status.getState(), "a scenario waits for the facilitator");
            assertEquals(4, status.getLayout().getZonesCount(), "zones reach the client");
            assertEquals(4, status.getLayout().getWallsCount(), "walls reach the client");

            control(session, FacilitatorCommand.Kind.KIND_START, "");
            ScenarioEvent step = warden.await(scenario(ScenarioEvent.Kind.KIND_STEP_STARTED), Duration.ofSeconds(5))
                    .getScenarioEvent();
            assertEquals("discover", step.getStepId());
            assertTrue(step.getText().contains("fire warden"), "the warden sees the warden's instruction: " + step.getText());
            ScenarioEvent employeeStep = employee.await(scenario(ScenarioEvent.Kind.KIND_STEP_STARTED), Duration.ofSeconds(5))
                    .getScenarioEvent();
            assertFalse(employeeStep.getText().contains("fire warden"), "an employee sees the general instruction");

            say(warden, "Fire! Everybody out!");
            ScenarioEvent score = warden.await(scenario(ScenarioEvent.Kind.KIND_SCORE), Duration.ofSeconds(5)).getScenarioEvent();
            assertEquals(wardenId, score.getParticipantId());
            assertEquals(10, score.getPoints());
            assertEquals("evacuate", warden.await(scenario(ScenarioEvent.Kind.KIND_STEP_STARTED), Duration.ofSeconds(5))
                    .getScenarioEvent().getStepId());

            control(session, FacilitatorCommand.Kind.KIND_GOTO_STEP, "roll-call");
            assertEquals("roll-call", warden.await(m -> scenario(ScenarioEvent.Kind.KIND_STEP_STARTED).test(m)
                    && m.getScenarioEvent().getStepId().equals("roll-call"), Duration.ofSeconds(5)).getScenarioEvent().getStepId());
            control(session, FacilitatorCommand.Kind.KIND_INJECT, "missing-colleague");
            ScenarioEvent message = employee.await(scenario(ScenarioEvent.Kind.KIND_MESSAGE), Duration.ofSeconds(5))
                    .getScenarioEvent();
            assertTrue(message.getText().contains("Priya"));
            warden.await(m -> scenario(ScenarioEvent.Kind.KIND_STEP_STARTED).test(m)
                    && m.getScenarioEvent().getStepId().equals("report-missing"), Duration.ofSeconds(5));
            say(warden, "Priya from accounts is missing, last seen at her desk");
            ScenarioEvent ended = employee.await(scenario(ScenarioEvent.Kind.KIND_ENDED), Duration.ofSeconds(5)).getScenarioEvent();
            assertEquals("evacuated-with-missing", ended.getOutcome());
            CompletableFuture<Integer> wardenScore = new CompletableFuture<>();
            session.submit(s -> wardenScore.complete(s.participantList().stream()
                    .filter(p -> p.id().equals(wardenId)).findFirst().orElseThrow().score()));
            assertEquals(20, wardenScore.get(5, TimeUnit.SECONDS), "alarm 10 + reported the missing person 10");
            assertEquals(Session.State.ENDED, session.stateSnapshot());
        }
    }

    @Test
    void aRunEndedByHandIsRecordedAsFinished() throws Exception {
        Session session = server.sessions().create(SceneBuilder.from(server.scenarios().find("office-fire-evacuation")
                .orElseThrow()), null);
        TokenSigner signer = server.sessions().context().signer();
        try (TestClient warden = new TestClient(group, TestClient.options(server.controlPort(),
                signer.join(session.id(), session.generation(), "warden", TokenSigner.Kind.PARTICIPANT, 600), "Wanda"))) {
            warden.awaitWelcome();
            control(session, FacilitatorCommand.Kind.KIND_START, "");
            warden.await(scenario(ScenarioEvent.Kind.KIND_STEP_STARTED), Duration.ofSeconds(5));
            control(session, FacilitatorCommand.Kind.KIND_END, "");
            ScenarioEvent ended = warden.await(scenario(ScenarioEvent.Kind.KIND_ENDED), Duration.ofSeconds(5))
                    .getScenarioEvent();
            assertEquals("ended by the facilitator", ended.getOutcome());
            CompletableFuture<List<String>> log = new CompletableFuture<>();
            session.submit(s -> log.complete(s.events().since(0).stream()
                    .map(e -> e.type() + ":" + e.data().getOrDefault("outcome", "")).toList()));
            List<String> events = log.get(5, TimeUnit.SECONDS);
            assertTrue(events.contains("step_completed:skipped"), "the step in progress is left as skipped: " + events);
            assertTrue(events.contains("ended:ended by the facilitator"), "an ended event, as any ending has: " + events);
            assertEquals(Session.State.ENDED, session.stateSnapshot());
        }
    }

    @Test
    void unknownStepsAndInjectsAreRefused() throws Exception {
        Session session = server.sessions().create(SceneBuilder.from(server.scenarios().find("lab-chemical-spill").orElseThrow()),
                null, true);
        CompletableFuture<String> refusal = new CompletableFuture<>();
        session.submit(s -> refusal.complete(s.control(FacilitatorCommand.newBuilder()
                .setKind(FacilitatorCommand.Kind.KIND_GOTO_STEP).setTarget("no-such-step").build(), "f").message()));
        assertTrue(refusal.get(5, TimeUnit.SECONDS).contains("no-such-step"));
    }

    @Test
    void editedScenarioIsUsedByNewSessionsWhileRunningOnesKeepTheirs(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("catalog");
        Path folder = catalog.resolve("office-fire-evacuation");
        Files.createDirectories(folder);
        Path file = folder.resolve("scenario.yaml");
        Files.copy(CATALOG.resolve("office-fire-evacuation/scenario.yaml"), file);
        try (EnsembleServer node = EnsembleServer.start(ServerConfig.forTests(dir.resolve("data")).toBuilder()
                .scenarioDir(catalog).build())) {
            ScenarioCatalog scenarios = node.scenarios();
            assertEquals("1.0.0", scenarios.find("office-fire-evacuation").orElseThrow().version());
            Session running = node.sessions().create(SceneBuilder.from(scenarios.find("office-fire-evacuation").orElseThrow()), null);

            Files.writeString(file, Files.readString(file).replace("version: 1.0.0", "version: 1.1.0")
                    .replace("title: Office fire evacuation drill", "title: Office fire drill (revised)"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!scenarios.find("office-fire-evacuation").orElseThrow().version().equals("1.1.0")) {
                assertTrue(System.nanoTime() < deadline, "the edit is picked up without a restart");
                Thread.sleep(50);
            }
            Session fresh = node.sessions().create(SceneBuilder.from(scenarios.find("office-fire-evacuation").orElseThrow()), null);
            assertEquals("1.1.0", fresh.scene().scenarioVersion());
            assertEquals("Office fire drill (revised)", fresh.scene().title());
            assertEquals("1.0.0", running.scene().scenarioVersion(), "a running session keeps its version");

            Files.writeString(file, Files.readString(file).replace("title: Office fire drill (revised)",
                    "title: Office fire drill (revised again)"));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (scenarios.warnings().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "an edit that keeps the version is warned about");
                Thread.sleep(50);
            }
            assertTrue(scenarios.warnings().values().iterator().next().get(0).message()
                    .startsWith("scenario.yaml changed but its version is still 1.1.0"));
            assertEquals("Office fire drill (revised again)", scenarios.find("office-fire-evacuation").orElseThrow().title(),
                    "the edit is still taken");

            long reloads = scenarios.reloadCount();
            Files.writeString(file, Files.readString(file).replace("steps:", "steps: [oops"));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (scenarios.rejected().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the broken edit is noticed");
                Thread.sleep(50);
            }
            assertTrue(scenarios.reloadCount() > reloads);
            assertEquals("1.1.0", scenarios.find("office-fire-evacuation").orElseThrow().version(),
                    "an invalid change keeps the previous version");
            var diagnostic = scenarios.rejected().values().iterator().next().get(0);
            assertTrue(diagnostic.line() > 0 && diagnostic.col() > 0, "diagnostics carry a position: " + diagnostic);
        }
    }
}
