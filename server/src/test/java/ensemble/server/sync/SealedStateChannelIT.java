package ensemble.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.datagram.DatagramLink;
import ensemble.proto.datagram.SealedDatagram;
import ensemble.server.session.Session;
import ensemble.server.sync.HandDrivenPeer.Endpoint;
import ensemble.server.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The sealed state channel against the real server over real UDP sockets: forged, tampered,
 * replayed and stolen datagrams move nobody and redirect nothing, a resume kills the old key,
 * and a huge sequence freezes nobody, while a legitimate client alongside keeps its snapshots.
 * The victim is a {@link HandDrivenPeer}, so only what a test sends can move it; a real client
 * watches where it stands.
 */
class SealedStateChannelIT extends OneServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static double dropped(String reason) {
        return server.metrics().get("ensemble.udp.dropped").tag("reason", reason).counter().count();
    }

    private static void send(Endpoint from, byte[] datagram) {
        try {
            from.send(datagram);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seals inputs to x from {@code from} until the watcher sees the peer's head there (speed limits may clamp one). */
    private static byte[] moveTo(HandDrivenPeer peer, Endpoint from, TestClient watcher, float x) throws InterruptedException {
        int index = peer.welcome().getParticipantIndex();
        byte[][] last = new byte[1][];
        eventually("the watcher sees the peer at x=" + x, () -> {
            last[0] = peer.seal(HandDrivenPeer.input(1, x, 0));
            send(from, last[0]);
            return Math.abs(SyncIT.headX(watcher, index) - x) < 0.002f;
        });
        return last[0];
    }

    /** Waits until the watcher has had {@code ticks} more snapshots: what was sent before had time to act. */
    private static void ticksPass(TestClient watcher, int ticks) throws InterruptedException {
        int tick = watcher.newestTick();
        eventually(ticks + " more ticks", () -> watcher.newestTick() > tick + ticks);
    }

    private static void assertStandsAt(HandDrivenPeer peer, TestClient watcher, float x) {
        assertEquals(x, SyncIT.headX(watcher, peer.welcome().getParticipantIndex()), 0.002f);
    }

    /** The peer's home endpoint, bound by an authenticated probe. */
    private static Endpoint bound(HandDrivenPeer peer) throws Exception {
        Endpoint home = peer.endpoint();
        eventually("the probe is answered", () -> {
            send(home, peer.seal(HandDrivenPeer.probe()));
            return home.probeAcks.get() > 0;
        });
        return home;
    }

    private static void legitimateClientStillOnUdp(TestClient watcher) throws InterruptedException {
        ticksPass(watcher, 30);
        assertTrue(watcher.connection().usingUdp(), "the legitimate client is still on UDP");
    }

    /** An input for the connection sealed with a key of the attacker's own, with a sequence far ahead. */
    private static byte[] sealedWithAnotherKey(long connectionId, HandDrivenPeer peer, float x) {
        byte[] forged = peer.seal(new DatagramLink(connectionId, DatagramLink.generate(RANDOM).keyBytes()),
                HandDrivenPeer.input(1, x, 0));
        ByteBuffer.wrap(forged).putLong(SealedDatagram.SEQ_OFFSET, 1L << 40);
        return forged;
    }

    @Test
    void forgedAndTamperedDatagramsMoveNobody() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient watcher = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Watcher"));
             HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort(), token(session));
             Endpoint home = bound(victim);
             Endpoint attacker = victim.endpoint()) {
            watcher.awaitWelcome();
            moveTo(victim, home, watcher, 0.5f);
            double badTags = dropped("bad_tag");
            double all = SyncIT.droppedDatagrams();
            long id = victim.welcome().getUdpConnectionId();

            send(attacker, HandDrivenPeer.input(1, -4, 0).toByteArray()); // the old, unsealed format
            send(attacker, sealedWithAnotherKey(id, victim, -4));
            byte[] tampered = victim.seal(HandDrivenPeer.input(1, -4, 0));
            tampered[SealedDatagram.HEADER_BYTES + 3] ^= 0x40;
            send(attacker, tampered);
            send(home, tampered); // from the victim's own address it is no better

            eventually("the forgeries are counted", () -> dropped("bad_tag") - badTags >= 3
                    && SyncIT.droppedDatagrams() - all >= 4);
            ticksPass(watcher, 30);
            assertStandsAt(victim, watcher, 0.5f);
            assertEquals(0, attacker.received.get(), "nothing was sent to the attacker");
            moveTo(victim, home, watcher, 0.8f); // the real key still moves it
            legitimateClientStillOnUdp(watcher);
        }
    }

    @Test
    void aReplayedDatagramMovesNobody() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient watcher = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Watcher"));
             HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort(), token(session));
             Endpoint home = bound(victim);
             Endpoint attacker = victim.endpoint()) {
            watcher.awaitWelcome();
            byte[] earlier = moveTo(victim, home, watcher, 0.4f);
            moveTo(victim, home, watcher, 0.8f);
            double replayed = dropped("replayed");
            send(attacker, earlier);
            send(home, earlier);
            eventually("both replays are counted", () -> dropped("replayed") - replayed >= 2);
            ticksPass(watcher, 30);
            assertStandsAt(victim, watcher, 0.8f);
            assertEquals(0, attacker.received.get());
            legitimateClientStillOnUdp(watcher);
        }
    }

    @Test
    void aStolenConnectionFromAnotherPortRedirectsNothingButTheKeyHolderMayMove() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient watcher = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Watcher"));
             HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort(), token(session));
             Endpoint attacker = victim.endpoint()) {
            watcher.awaitWelcome();
            byte[] probe = victim.seal(HandDrivenPeer.probe());
            Endpoint home = victim.endpoint();
            send(home, probe);
            eventually("the victim's probe is answered", () -> home.probeAcks.get() > 0);
            long id = victim.welcome().getUdpConnectionId();

            send(attacker, probe); // the victim's own probe, captured and sent from another port
            send(attacker, victim.seal(new DatagramLink(id, DatagramLink.generate(RANDOM).keyBytes()), HandDrivenPeer.probe()));
            send(attacker, HandDrivenPeer.probe().toByteArray());
            int snapshots = home.snapshots.get();
            eventually("the victim keeps getting snapshots", () -> home.snapshots.get() > snapshots + 30);
            assertEquals(0, attacker.received.get(), "no probe answer, no snapshot went to the thief's port");

            // The key holder from a new port (NAT rebinding): a newer sealed datagram moves the binding.
            try (Endpoint moved = victim.endpoint()) {
                send(moved, victim.seal(HandDrivenPeer.probe()));
                eventually("snapshots follow the key holder to its new port", () -> moved.snapshots.get() > 30);
                send(home, probe); // an old datagram from the old port does not move them back
                int atNewPort = moved.snapshots.get();
                eventually("snapshots stay at the new port", () -> moved.snapshots.get() > atNewPort + 30);
            }
            assertEquals(0, attacker.received.get());
            legitimateClientStillOnUdp(watcher);
        }
    }

    @Test
    void afterAResumeTheOldKeyIsDead() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient watcher = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Watcher"));
             HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort(), token(session));
             Endpoint home = bound(victim)) {
            watcher.awaitWelcome();
            moveTo(victim, home, watcher, 0.5f);
            DatagramLink before = victim.link();
            victim.resume();
            assertTrue(victim.welcome().getResumed());
            assertNotEquals(before.connectionId(), victim.link().connectionId(), "a new connection id");
            assertNotEquals(ByteBuffer.wrap(before.keyBytes()), ByteBuffer.wrap(victim.link().keyBytes()), "a new key");

            double unknown = dropped("unknown_connection");
            send(home, victim.seal(before, HandDrivenPeer.input(1, -3, 0)));
            send(home, victim.seal(before, HandDrivenPeer.probe()));
            eventually("the old key's datagrams are refused", () -> dropped("unknown_connection") - unknown >= 2);
            ticksPass(watcher, 30);
            assertStandsAt(victim, watcher, 0.5f);
            int oldPort = home.received.get();
            ticksPass(watcher, 30);
            assertEquals(oldPort, home.received.get(), "nothing goes to the address the old key bound");

            try (Endpoint renewed = bound(victim)) {
                moveTo(victim, renewed, watcher, 0.9f);
                eventually("snapshots over UDP again, sealed with the new key", () -> renewed.snapshots.get() > 10);
            }
            legitimateClientStillOnUdp(watcher);
        }
    }

    @Test
    void aSequenceWrapAttemptFreezesNobody() throws Exception {
        Session session = server.sessions().create(boxRoom(), null);
        try (TestClient watcher = new TestClient(group, TestClient.options(server.controlPort(), token(session), "Watcher"));
             HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort(), token(session));
             Endpoint home = bound(victim);
             Endpoint attacker = victim.endpoint()) {
            watcher.awaitWelcome();
            long id = victim.welcome().getUdpConnectionId();
            double badTags = dropped("bad_tag");
            for (long seq : new long[] {-1L, Long.MIN_VALUE, 0x7fffffffL, Long.MAX_VALUE}) {
                byte[] forged = sealedWithAnotherKey(id, victim, -2);
                ByteBuffer.wrap(forged).putLong(SealedDatagram.SEQ_OFFSET, seq);
                send(attacker, forged);
            }
            eventually("the forged sequences are refused", () -> dropped("bad_tag") - badTags >= 4);
            // The old freeze: an Input.seq of 2^31 - 1 from the participant itself.
            send(home, victim.seal(HandDrivenPeer.input(0x7fffffff, 0.3f, 0)));
            moveTo(victim, home, watcher, 0.6f); // inputs with Input.seq 1 still move it
            victim.resume();
            try (Endpoint renewed = bound(victim)) {
                moveTo(victim, renewed, watcher, 0.9f);
            }
            legitimateClientStillOnUdp(watcher);
        }
    }
}
