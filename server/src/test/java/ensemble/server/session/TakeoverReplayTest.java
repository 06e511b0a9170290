package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.Protocol;
import ensemble.scenario.catalog.Catalog;
import ensemble.scenario.catalog.FolderLoad;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Value;
import ensemble.server.ServerConfig;
import ensemble.server.scenario.SceneBuilder;
import ensemble.v1.ClientKind;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.Hello;
import ensemble.v1.WorldCheckpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A node restores a session from a checkpoint older than what the scenario did since (the node
 * that ran it died before its newer checkpoint reached Redis): what was recorded after the
 * checkpoint is taken in as fact, so the timed trigger does not fire again, its points count
 * once, and ticks and the scenario clock go on from where the record ends. Manual clocks, manual
 * ticks, no Redis: the store side is the failover integration tests'.
 */
class TakeoverReplayTest {
    static final Scenario SCENARIO = assertInstanceOf(FolderLoad.Valid.class,
            new Catalog().loadFolder(Path.of("src/test/resources/takeover-scenarios/timed-drill"))).scenario();

    /** Keeps every event and every checkpoint with how many events it includes. */
    static final class Journal implements SessionRecorder {
        final List<EventLog.Event> events = new ArrayList<>();
        final List<Saved> checkpoints = new ArrayList<>();

        record Saved(WorldCheckpoint world, long savedAtMillis, int eventsIncluded) {
        }

        @Override
        public void event(Session session, EventLog.Event event) {
            events.add(event);
        }

        @Override
        public void participant(Session session, Participant participant) {
        }

        @Override
        public void tick(Session session, long nowMillis) {
        }

        @Override
        public void checkpointNow(Session session) {
            checkpoints.add(new Saved(SessionCheckpoints.capture(session), session.context().clock().millis(), events.size()));
        }

        long count(String type) {
            return events.stream().filter(e -> e.type().equals(type)).count();
        }
    }

    static SessionContext context(Clock clock) {
        return new SessionContext(ServerConfig.forTests(Path.of("target/unused")),
                new TokenSigner("secret-for-tests-0123456789abcdef-0123", clock), new SimpleMeterRegistry(), clock, () -> null);
    }

    static void runFor(Session session, SessionTickTest.ManualClock clock, long millis) {
        for (long t = 0; t < millis; t += 50) {
            clock.now = clock.now.plusMillis(50);
            session.tick();
        }
    }

    @Test
    void aTimedTriggerAndItsScoreRecordedAfterTheCheckpointHappenOnceAcrossATakeover() {
        SessionTickTest.ManualClock oldClock = new SessionTickTest.ManualClock();
        SessionContext oldNode = context(oldClock);
        Session session = new Session("drill", SceneBuilder.from(SCENARIO), oldNode);
        session.bindScenario(new ScenarioDriver(session, SCENARIO), false);
        Journal journal = new Journal();
        session.record(journal);
        String token = oldNode.signer().join("drill", session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        session.offer(new SessionCommand.Join(new EmbeddedChannel(), Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                .setClientKind(ClientKind.CLIENT_KIND_BOT).build(), oldNode.signer().verifyJoin(token).value(), p -> { }));
        session.submit(s -> s.control(FacilitatorCommand.newBuilder().setKind(FacilitatorCommand.Kind.KIND_START).build(), "f"));
        session.tick();
        assertEquals(Session.State.RUNNING, session.state);
        Journal.Saved checkpoint = journal.checkpoints.get(journal.checkpoints.size() - 1);

        runFor(session, oldClock, 3_000); // the alarm rings at 2 s
        assertEquals(1, journal.count("trigger"), "the alarm rang on the old node");
        assertEquals(1, journal.count("score"));
        int oldTick = session.tick;
        long lastRecordedAt = journal.events.get(journal.events.size() - 1).wallMillis();

        // The old node dies; its checkpoint after the alarm never reached Redis. Another node,
        // whose clock reads something else entirely, restores the one from the start.
        SessionTickTest.ManualClock newClock = new SessionTickTest.ManualClock();
        newClock.now = oldClock.now.plusSeconds(3_600);
        SessionContext newNode = context(newClock);
        List<SessionCheckpoints.Recorded> after = new ArrayList<>();
        for (EventLog.Event e : journal.events.subList(checkpoint.eventsIncluded(), journal.events.size())) {
            after.add(new SessionCheckpoints.Recorded(e.type(), e.actor(), e.data(), e.tick(), e.wallMillis()));
        }
        assertTrue(after.stream().anyMatch(e -> e.type().equals("trigger")), "the alarm is among the events after it");
        Session restored = SessionCheckpoints.takeOver(checkpoint.world(), checkpoint.savedAtMillis(), after, newNode,
                id -> Optional.of(SCENARIO));
        Journal next = new Journal();
        restored.record(next);
        assertTrue(restored.tick > oldTick, "ticks go on: " + restored.tick + " after " + oldTick);
        ScenarioDriver driver = (ScenarioDriver) restored.scenario();
        long recorded = lastRecordedAt - checkpoint.savedAtMillis();
        assertTrue(driver.runtime().elapsedMillis() >= recorded,
                "the scenario clock continues from the last recorded moment, not the checkpoint: "
                        + driver.runtime().elapsedMillis() + " ms, " + recorded + " ms were recorded");

        int tickAtRestore = restored.tick;
        runFor(restored, newClock, 5_000);
        assertEquals(0, next.count("trigger"), "the alarm does not ring again: " + next.events);
        assertEquals(0, next.count("score"), "its points are not given again");
        assertEquals(5, driver.runtime().scores().team(), "the team has the points once");
        assertEquals(new Value.Flag(true), driver.runtime().variables().get("alarmed"));
        assertEquals(Optional.of("ringing"), driver.runtime().entityState("bell"));
        assertEquals("ringing", restored.entitiesById.get("bell").state(), "the world has the bell ringing");
        assertEquals("wait", driver.currentStep());
        assertTrue(restored.tick > tickAtRestore);
        assertNotNull(restored.participantList().get(0));
    }
}
