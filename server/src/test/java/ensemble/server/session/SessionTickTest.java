package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.Protocol;
import ensemble.server.ServerConfig;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Grab;
import ensemble.v1.Hand;
import ensemble.v1.Hello;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.ServerMessage;
import ensemble.v1.Vec3;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A session ticked by hand, with fake connections that collect what the server sends. */
class SessionTickTest {
    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final ServerConfig config = ServerConfig.forTests(Path.of("target/unused")).toBuilder()
            .resumeGrace(Duration.ofSeconds(30)).build();
    final SessionContext context = new SessionContext(config, new TokenSigner("secret-for-tests-0123456789abcdef-0123", clock), metrics, clock,
            () -> null);
    final Session session = new Session("s-test", new Scene("room", "1", "Room", -10, 0, -10, 10, 4, 10,
            List.of(new Scene.Role("trainee", "Trainee", 0, 3, "#ff0000", new Point(0, 0, 0))),
            List.of(new Scene.EntitySpec("box", "box", null, new Point(0, 0.9f, 0.6f), null, null, null, true, true,
                    "Box", "idle"))), context);

    /** A joined participant and its fake connection. */
    record Joined(Participant participant, EmbeddedChannel channel) {
        List<ServerMessage> received() {
            List<ServerMessage> list = new ArrayList<>();
            Object message;
            while ((message = channel.readOutbound()) != null) {
                list.add((ServerMessage) message);
            }
            return list;
        }
    }

    Joined join(String name) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Participant[] admitted = new Participant[1];
        String token = context.signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        session.offer(new SessionCommand.Join(channel, Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                .setDisplayName(name).setClientKind(ClientKind.CLIENT_KIND_BOT).build(),
                context.signer().verifyJoin(token).value(), p -> admitted[0] = p));
        session.tick();
        assertNotNull(admitted[0], name + " was admitted");
        return new Joined(admitted[0], channel);
    }

    static Input input(int seq, float hx, float hy, float hz, float rx, float ry, float rz) {
        return Input.newBuilder().setSeq(seq)
                .setHead(pose(hx, hy, hz)).setRightHand(pose(rx, ry, rz)).setLeftHand(pose(hx - 0.2f, hy - 0.6f, hz))
                .build();
    }

    static Pose pose(float x, float y, float z) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(x).setY(y).setZ(z))
                .setRotation(Quat.newBuilder().setW(1)).build();
    }

    static ClientMessage grab(String entity) {
        return ClientMessage.newBuilder().setGrab(Grab.newBuilder().setRequestId(1).setEntityId(entity)
                .setHand(Hand.HAND_RIGHT)).build();
    }

    static long count(List<ServerMessage> messages, Predicate<ServerMessage> test) {
        return messages.stream().filter(test).count();
    }

    /** Ticks until the participant's head reached where its input asked (the speed limit applies). */
    void reach(Joined who, float hx, float hy, float hz, float rx, float ry, float rz) {
        for (int i = 0; i < 60; i++) {
            who.participant().offerInput(input(1000 + i, hx, hy, hz, rx, ry, rz));
            session.tick();
        }
    }

    @Test
    void grabConflictsGoToWhoAskedFirstNotToTheLowerIndex() {
        Joined first = join("First");
        Joined second = join("Second");
        reach(first, 0, 1.65f, 0.1f, 0, 0.9f, 0.6f);
        reach(second, 0.1f, 1.65f, 0.1f, 0, 0.9f, 0.6f);
        first.received();
        second.received();
        // The participant with the higher index asks first.
        assertTrue(second.participant().offer(grab("box")));
        assertTrue(first.participant().offer(grab("box")));
        session.tick();
        var toSecond = second.received();
        var toFirst = first.received();
        assertEquals(1, count(toSecond, m -> m.hasGrabResult() && m.getGrabResult().getGranted()));
        assertEquals(1, count(toFirst, m -> m.hasGrabResult() && !m.getGrabResult().getGranted()
                && m.getGrabResult().getReason() == ErrorCode.ERROR_CODE_ALREADY_HELD
                && m.getGrabResult().getHolderId().equals(second.participant().id())));
        assertEquals(1, count(toFirst, m -> m.hasEntityEvent()), "everyone hears about the grab");
    }

    @Test
    void grabOutOfReachIsRefused() {
        Joined a = join("A");
        reach(a, 5, 1.65f, 5, 5, 1.0f, 5.3f);
        a.received();
        a.participant().offer(grab("box"));
        session.tick();
        assertEquals(1, count(a.received(), m -> m.hasGrabResult()
                && m.getGrabResult().getReason() == ErrorCode.ERROR_CODE_OUT_OF_REACH));
    }

    @Test
    void teleportingHeadsAreClampedToHumanSpeed() {
        Joined a = join("A");
        float startX = a.participant().head[0];
        a.participant().offerInput(input(1, startX + 100, 1.65f, 0, startX + 100, 1, 0));
        session.tick();
        float moved = Math.abs(a.participant().head[0] - startX);
        assertTrue(moved <= Interactions.MAX_HEAD_SPEED + 0.01f, "moved " + moved + " m in one input");
        assertTrue(metrics.get("ensemble.poses.clamped").counter().count() >= 1);
    }

    @Test
    void handsStayWithinArmsReachOfTheHead() {
        Joined a = join("A");
        reach(a, 0, 1.65f, 0, 0, 1.65f, 3);
        float[] head = a.participant().head;
        float[] hand = a.participant().rightHand;
        assertTrue(Interactions.distance(head, hand) <= Interactions.ARM_REACH + 1e-3f);
    }

    @Test
    void nonFinitePosesAreIgnoredAndCounted() {
        Joined a = join("A");
        reach(a, 1, 1.65f, 1, 1, 1, 1.3f);
        double clampedBefore = metrics.get("ensemble.poses.clamped").counter().count();
        a.participant().offerInput(input(5000, Float.NaN, Float.POSITIVE_INFINITY, 1, Float.NaN, 1, 1));
        session.tick();
        assertEquals(1f, a.participant().head[0], 1e-4f, "a NaN head does not move anyone");
        assertTrue(Float.isFinite(a.participant().rightHand[0]));
        assertTrue(metrics.get("ensemble.poses.clamped").counter().count() > clampedBefore);
    }

    @Test
    void aHugeInputSeqDoesNotFreezeTheAvatar() {
        Joined a = join("A");
        reach(a, 1, 1.65f, 1, 1, 1, 1.3f);
        a.participant().offerInput(input(0x7fffffff, 1, 1.65f, 1, 1, 1, 1.3f));
        session.tick();
        a.participant().offerInput(input(5, 1.05f, 1.65f, 1, 1.05f, 1, 1.3f));
        session.tick();
        assertEquals(1.05f, a.participant().head[0], 1e-4f, "Input.seq orders nothing: the next input still moves");
    }

    @Test
    void chatIsRateLimitedPerParticipant() {
        Joined a = join("A");
        Joined b = join("B");
        a.received();
        b.received();
        for (int i = 0; i < 10; i++) {
            a.participant().offer(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("hi " + i)).build());
        }
        session.tick();
        var toB = b.received();
        var toA = a.received();
        assertEquals((long) Participant.ChatLimits.BURST, count(toB, ServerMessage::hasChat));
        assertEquals(10 - (long) Participant.ChatLimits.BURST, count(toA, m -> m.hasError()
                && m.getError().getCode() == ErrorCode.ERROR_CODE_RATE_LIMITED));
    }

    @Test
    void atMostABoundedNumberOfMessagesPerParticipantPerTick() {
        Joined a = join("A");
        a.received();
        for (int i = 0; i < 40; i++) {
            a.participant().offer(ClientMessage.newBuilder().setGrab(Grab.newBuilder().setRequestId(i)
                    .setEntityId("nothing")).build());
        }
        session.tick();
        assertEquals(Session.MAX_MESSAGES_PER_TICK, count(a.received(), ServerMessage::hasGrabResult));
        assertEquals(40 - Session.MAX_MESSAGES_PER_TICK, a.participant().pendingMessages());
        session.tick();
        session.tick();
        assertEquals(40 - Session.MAX_MESSAGES_PER_TICK, count(a.received(), ServerMessage::hasGrabResult));
        assertEquals(0, a.participant().pendingMessages());
    }

    @Test
    void inboxRefusesBeyondItsBound() {
        Joined a = join("A");
        for (int i = 0; i < Participant.MAX_PENDING_MESSAGES; i++) {
            assertTrue(a.participant().offer(grab("box")));
        }
        assertFalse(a.participant().offer(grab("box")), "the 257th waiting message is refused");
    }

    @Test
    void roleCapacityIsEnforced() {
        join("A");
        join("B");
        join("C");
        EmbeddedChannel fourth = new EmbeddedChannel();
        String token = context.signer().join(session.id(), session.generation(), "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        session.offer(new SessionCommand.Join(fourth, Hello.newBuilder().setProtocolVersion(Protocol.VERSION).build(),
                context.signer().verifyJoin(token).value(), p -> { }));
        session.tick();
        ServerMessage reply = fourth.readOutbound();
        assertEquals(ErrorCode.ERROR_CODE_ROLE_FULL, reply.getError().getCode());
    }

    @Test
    void droppedParticipantIsKeptForTheGraceThenRemoved() {
        Joined a = join("A");
        Joined b = join("B");
        reach(a, 0, 1.65f, 0.1f, 0, 0.9f, 0.6f);
        a.participant().offer(grab("box"));
        session.tick();
        session.offer(new SessionCommand.Disconnected(a.participant(), a.channel()));
        session.tick();
        assertNotNull(session.participant(a.participant().id()), "kept during the grace period");
        assertEquals(a.participant().index, session.entitiesById.get("box").holder(), "still holding the box");
        clock.now = clock.now.plusSeconds(31);
        session.tick();
        assertNull(session.participant(a.participant().id()), "removed after the grace period");
        assertEquals(-1, session.entitiesById.get("box").holder(), "what they held is released");
        assertTrue(count(b.received(), m -> m.hasParticipantEvent()
                && m.getParticipantEvent().getKind() == ensemble.v1.ParticipantEvent.Kind.KIND_LEFT) >= 1);
    }
}
