package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.Protocol;
import ensemble.proto.snapshot.Frame;
import ensemble.proto.snapshot.SnapshotCodec;
import ensemble.server.ServerConfig;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import ensemble.v1.ClientKind;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interest management: a participant is sent the avatars and entities within its radius only. */
class InterestTest {
    final SessionTickTest.ManualClock clock = new SessionTickTest.ManualClock();
    final ServerConfig config = ServerConfig.forTests(Path.of("target/unused")).toBuilder().interestRadius(3).build();
    final SessionContext context = new SessionContext(config, new TokenSigner("secret-for-tests-0123456789abcdef-0123", clock),
            new SimpleMeterRegistry(), clock, () -> null);
    /** A 40 m hall: a box next to the spawn point, a crate at the far end. */
    final Session session = new Session("s-interest", new Scene("hall", "1", "Hall", -20, 0, -20, 20, 4, 20,
            List.of(new Scene.Role("trainee", "Trainee", 0, 4, "#ff0000", new Point(0, 0, 0))),
            List.of(box("box", new Point(1, 0.5f, 0)), box("crate", new Point(-12, 0.5f, 0)))), context);
    final SnapshotCodec codec = new SnapshotCodec(session.quantizer);

    static Scene.EntitySpec box(String id, Point at) {
        return new Scene.EntitySpec(id, "box", null, at, null, null, null, true, true, id, "idle");
    }

    record Joined(Participant participant, EmbeddedChannel channel) {
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

    /** Walks everyone to where they stand (heads are speed-limited, so this takes ticks). */
    void walk(Joined who, float x, float z, int[] seq) {
        for (int i = 0; i < 240; i++) { // 4 s: 23 m at the 8 m/s head limit fits
            who.participant().offerInput(SessionTickTest.input(++seq[0], x, 1.65f, z, x + 0.3f, 1f, z));
            session.tick();
        }
    }

    /** What the participant holds after the newest snapshot (it never acknowledges, so each is complete). */
    Frame view(Joined who) {
        Snapshot newest = null;
        Object message;
        while ((message = who.channel().readOutbound()) != null) {
            ServerMessage m = (ServerMessage) message;
            if (m.hasSnapshot()) {
                newest = m.getSnapshot();
            }
        }
        assertNotNull(newest, "a snapshot was sent");
        assertEquals(0, newest.getBaseTick());
        Frame frame = new Frame();
        byte[] payload = newest.getPayload().toByteArray();
        codec.decode(payload, 0, payload.length, new Frame(), newest.getTick(), frame);
        return frame;
    }

    @Test
    void onlyObjectsWithinTheRadiusAreSent() {
        Joined ada = join("Ada");
        Joined bo = join("Bo");
        Joined cy = join("Cy");
        int[] seq = {0};
        walk(ada, 0, 0, seq);
        walk(bo, 2, 0, seq);   // 2 m from Ada
        walk(cy, 12, 0, seq);  // 12 m from Ada
        session.tick();

        Frame seenByAda = view(ada);
        assertTrue(seenByAda.findAvatar(bo.participant().index) >= 0, "Bo, 2 m away, is sent");
        assertTrue(seenByAda.findAvatar(cy.participant().index) < 0, "Cy, 12 m away, is not");
        assertTrue(seenByAda.findAvatar(ada.participant().index) < 0, "nor Ada's own avatar");
        assertTrue(seenByAda.findEntity(0) >= 0, "the box, 1 m away, is sent");
        assertTrue(seenByAda.findEntity(1) < 0, "the crate, 12 m away, is not");

        Frame seenByCy = view(cy);
        assertEquals(0, seenByCy.avatarCount(), "nobody is within 3 m of Cy");
        assertEquals(0, seenByCy.entityCount());

        walk(cy, -11, 0, seq); // Cy walks over to the crate: 11 m from Ada, 1 m from the crate
        session.tick();
        Frame nowSeenByCy = view(cy);
        assertTrue(nowSeenByCy.findEntity(1) >= 0, "the crate is sent once Cy is near it");
        assertTrue(nowSeenByCy.findEntity(0) < 0);
        assertTrue(view(ada).findAvatar(cy.participant().index) < 0);
    }
}
