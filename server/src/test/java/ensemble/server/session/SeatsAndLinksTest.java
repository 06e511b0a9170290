package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.Protocol;
import ensemble.server.ServerConfig;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import ensemble.v1.WorldCheckpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who gets in, on a session ticked by hand: generations, revocation, personal seats, caps, ghosts, chat. */
class SeatsAndLinksTest {
    final SessionTickTest.ManualClock clock = new SessionTickTest.ManualClock();
    final ServerConfig config = ServerConfig.forTests(Path.of("target/unused")).toBuilder()
            .joinLimits(ServerConfig.JoinLimits.DEFAULTS.withMaxSpectators(2)).build();
    final SessionContext context = new SessionContext(config, new TokenSigner("secret-for-tests-0123456789abcdef-0123", clock),
            new SimpleMeterRegistry(), clock, () -> null);
    final Session session = new Session("s-seats", new Scene("room", "1", "Room", -10, 0, -10, 10, 4, 10,
            List.of(new Scene.Role("trainee", "Trainee", 0, 3, "#ff0000", new Point(0, 0, 0))), List.of()), context);

    /** The outcome of one join: the participant admitted, or the error the connection got. */
    record Attempt(Participant participant, EmbeddedChannel channel, ErrorCode error) {
        List<ServerMessage> received() {
            List<ServerMessage> list = new ArrayList<>();
            Object message;
            while ((message = channel.readOutbound()) != null) {
                list.add((ServerMessage) message);
            }
            return list;
        }
    }

    Attempt join(String token, String name) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Participant[] admitted = new Participant[1];
        session.offer(new SessionCommand.Join(channel, Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                .setDisplayName(name).setClientKind(ClientKind.CLIENT_KIND_BOT).build(),
                context.signer().verifyJoin(token).value(), p -> admitted[0] = p));
        session.tick();
        ErrorCode error = null;
        if (admitted[0] == null) {
            ServerMessage reply = channel.readOutbound();
            error = reply.getError().getCode();
        }
        return new Attempt(admitted[0], channel, error);
    }

    String roleLink() {
        return session.links().issue("trainee", false, "", 3600, "test").token();
    }

    String personalLink(String name) {
        return session.links().issue("trainee", true, name, 3600, "test").token();
    }

    void active(Attempt a) {
        a.participant().offer(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("here")).build());
        session.tick();
    }

    void disconnect(Attempt a) {
        session.offer(new SessionCommand.Disconnected(a.participant(), a.channel()));
        session.tick();
    }

    @Test
    void aLinkOfAnEarlierSessionWithTheSameIdIsRefused() {
        String stale = context.signer().join(session.id(), "older-generation", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        assertEquals(ErrorCode.ERROR_CODE_LINK_REVOKED, join(stale, "Ada").error());
        assertNotNull(join(context.signer().join(session.id(), session.generation(), "trainee",
                TokenSigner.Kind.PARTICIPANT, 60), "Ada").participant());
    }

    @Test
    void aRevokedLinkAdmitsNobodyButThoseInStay() {
        String link = roleLink();
        Attempt ada = join(link, "Ada");
        assertNotNull(ada.participant());
        String linkId = context.signer().verifyJoin(link).value().linkId();
        assertTrue(session.links().revoke(linkId, "test"));
        assertEquals(ErrorCode.ERROR_CODE_LINK_REVOKED, join(link, "Bob").error());
        assertNotNull(session.participant(ada.participant().id()), "revoking stops joins; REMOVE removes people");
        assertEquals("link", session.events().last().type());
    }

    @Test
    void aPersonalLinkSeatsOnePersonAtATimeAndAGhostFreesItAtOnce() {
        String link = personalLink("Ada");
        Attempt ghost = join(link, "Ada");
        assertNotNull(ghost.participant());
        assertEquals(ErrorCode.ERROR_CODE_SEAT_TAKEN, join(link, "Mallory").error());
        disconnect(ghost); // never sent anything: no grace period for a slot nobody used
        assertNull(session.participant(ghost.participant().id()), "a connection that never became active keeps no slot");
        Attempt ada = join(link, "Ada");
        assertNotNull(ada.participant(), "the seat is free again");
        active(ada);
        disconnect(ada);
        assertNotNull(session.participant(ada.participant().id()), "an active participant keeps the grace period");
        assertEquals(ErrorCode.ERROR_CODE_SEAT_TAKEN, join(link, "Mallory").error(), "and its seat");
    }

    @Test
    void personalLinksReserveSeatsRoleLinksCannotTake() {
        String personal = personalLink("Cleo");
        String shared = roleLink();
        assertNotNull(join(shared, "A").participant());
        assertNotNull(join(shared, "B").participant());
        assertEquals(ErrorCode.ERROR_CODE_ROLE_FULL, join(shared, "C").error(), "the third seat is Cleo's");
        assertNotNull(join(personal, "Cleo").participant());
        assertThrows(IllegalStateException.class, () -> personalLink("Dan"), "no seat left to reserve");
    }

    @Test
    void removingSomeoneRevokesTheirPersonalLink() {
        String link = personalLink("Eve");
        Attempt eve = join(link, "Eve");
        session.control(FacilitatorCommand.newBuilder().setKind(FacilitatorCommand.Kind.KIND_REMOVE)
                .setTarget(eve.participant().id()).build(), "facilitator:test");
        assertNull(session.participant(eve.participant().id()));
        assertEquals(ErrorCode.ERROR_CODE_LINK_REVOKED, join(link, "Eve").error());
    }

    @Test
    void spectatorsAreCappedAndCannotChatOrAct() {
        String spectators = session.links().issue("spectator", false, "", 3600, "test").token();
        Attempt first = join(spectators, "S1");
        assertNotNull(first.participant());
        assertNotNull(join(spectators, "S2").participant());
        assertEquals(ErrorCode.ERROR_CODE_SPECTATORS_FULL, join(spectators, "S3").error());
        first.received();
        first.participant().offer(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("hi")).build());
        first.participant().offer(ClientMessage.newBuilder().setUse(ensemble.v1.Use.newBuilder().setEntityId("none")).build());
        session.tick();
        List<ServerMessage> replies = first.received();
        assertTrue(replies.stream().anyMatch(m -> m.hasError() && m.getError().getCode() == ErrorCode.ERROR_CODE_FORBIDDEN
                && m.getError().getInReplyTo().equals("chat")), replies.toString());
        assertTrue(replies.stream().noneMatch(ServerMessage::hasChat), "nobody hears a spectator");
    }

    @Test
    void theChatAllowanceIsKeptAcrossRejoins() {
        String link = roleLink();
        Attempt first = join(link, "Spammer");
        for (int i = 0; i < Participant.ChatLimits.BURST; i++) {
            first.participant().offer(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("line " + i)).build());
        }
        session.tick();
        first.participant().offer(ClientMessage.newBuilder().setBye(ensemble.v1.Bye.getDefaultInstance()).build());
        session.tick();
        Attempt again = join(link, "Spammer");
        again.received();
        again.participant().offer(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("more")).build());
        session.tick();
        assertTrue(again.received().stream().anyMatch(m -> m.hasError()
                && m.getError().getCode() == ErrorCode.ERROR_CODE_RATE_LIMITED), "the bucket did not refill by rejoining");
        clock.now = clock.now.plusSeconds(1);
        again.participant().offer(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText("later")).build());
        session.tick();
        assertTrue(again.received().stream().anyMatch(ServerMessage::hasChat), "it refills with time");
    }

    @Test
    void reservedNamesAreRefused() {
        assertEquals(ErrorCode.ERROR_CODE_NAME_REFUSED, join(roleLink(), "Facilitator").error());
        Attempt ada = join(roleLink(), " Ada\u202E\n");
        assertEquals("Ada", ada.participant().displayName());
    }

    @Test
    void generationLinksRevocationsAndSeatsSurviveACheckpoint() {
        String personal = personalLink("Fay");
        Attempt fay = join(personal, "Fay");
        active(fay);
        String revoked = roleLink();
        session.links().revoke(context.signer().verifyJoin(revoked).value().linkId(), "test");
        WorldCheckpoint checkpoint = SessionCheckpoints.capture(session);
        Session restored = SessionCheckpoints.restore(checkpoint, context, id -> Optional.empty());
        assertEquals(session.generation(), restored.generation());
        assertTrue(restored.links().isRevoked(context.signer().verifyJoin(revoked).value().linkId()));
        assertEquals(fay.participant().id(), restored.links().holder(context.signer().verifyJoin(personal).value().linkId()));
        assertEquals(session.links().all(), restored.links().all());
    }
}
