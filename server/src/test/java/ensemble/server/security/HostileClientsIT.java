package ensemble.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.proto.PoseQuantizer;
import ensemble.proto.Transport;
import ensemble.proto.datagram.DatagramLink;
import ensemble.proto.datagram.SealedDatagram;
import ensemble.proto.snapshot.Frame;
import ensemble.server.sync.HandDrivenPeer;
import ensemble.server.sync.HandDrivenPeer.Endpoint;
import ensemble.proto.Protocol;
import ensemble.server.testing.Api;
import ensemble.server.testing.RawControlClient;
import ensemble.server.testing.TestClient;
import ensemble.server.testing.TestTls;
import ensemble.v1.Bounds;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients against one real server process on loopback, each attack bounded in count and
 * time, while a legitimate session of two real clients (the client network core, sealed UDP)
 * plays alongside. After every attack the test checks what the attack must not achieve, and two
 * things about the bystanders over the attack's window, sampled once a second:
 * <ul>
 *   <li>the legitimate clients keep their snapshots: the median rate over the window is at least
 *       {@link #MIN_SNAPSHOTS_PER_SECOND} or 80 % of the rate measured before any attack, whichever
 *       is lower (so a slow machine lowers the bar with the baseline, never below 80 % of it);</li>
 *   <li>the server process's resident set ({@code VmRSS} of its own JVM, read from
 *       {@code /proc/<pid>/status}; heap capped at {@value ServerProcess#HEAP_MIB} MiB, direct
 *       memory at {@value ServerProcess#DIRECT_MIB} MiB) stays under {@link #RSS_BOUND_MIB} MiB.</li>
 * </ul>
 * What the attacks are and what each layer answers: docs/security.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsIT {
    static final int MIN_SNAPSHOTS_PER_SECOND = 50;
    /** The server JVM's resident set may not pass this, MiB, whatever the attack. */
    static final int RSS_BOUND_MIB = 768;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    static ServerProcess server;
    static EventLoopGroup group;
    static String sessionId;
    static String traineeToken;
    static TestClient alice;
    static TestClient bob;
    static ScheduledExecutorService sampler;
    /** One sample a second: snapshots the two clients decoded in that second (the lower), and RSS (KiB). */
    static final List<long[]> samples = new CopyOnWriteArrayList<>();
    static double baselineRate;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(dir, List.of("--handshake-timeout", "3", "--http-request-timeout", "3",
                "--metrics-token", ServerProcess.METRICS_TOKEN));
        group = Transport.best().newGroup(2);
        JsonNode created = Api.postJson(server.httpPort, "/api/sessions", "{\"entities\": 20, \"capacity\": 32}");
        sessionId = created.path("id").asText();
        traineeToken = created.path("joinTokens").path("trainee").asText();
        alice = new TestClient(group, TestClient.options(server.controlPort, traineeToken, "Alice"));
        bob = new TestClient(group, TestClient.options(server.controlPort, traineeToken, "Bob"));
        alice.awaitWelcome();
        bob.awaitWelcome();
        eventually("both legitimate clients are on sealed UDP", () -> alice.connection().usingUdp()
                && bob.connection().usingUdp());
        long[] last = {alice.snapshotCount(), bob.snapshotCount()};
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long a = alice.snapshotCount();
            long b = bob.snapshotCount();
            long rate = Math.min(a - last[0], b - last[1]);
            last[0] = a;
            last[1] = b;
            try {
                samples.add(new long[] {rate, server.rssKib()});
            } catch (IOException gone) {
                samples.add(new long[] {rate, Long.MAX_VALUE});
            }
        }, 1, 1, TimeUnit.SECONDS);
        int from = samples.size();
        awaitSamples(from, 5);
        baselineRate = median(samples.subList(from, samples.size()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        for (TestClient c : new TestClient[] {alice, bob}) {
            if (c != null) {
                c.close();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    // --- the sealed state channel ----------------------------------------------------------------

    @Test
    @Order(1)
    void spoofedDatagramsAreDroppedAndCounted() throws Exception {
        underAttack("spoofed UDP", () -> {
            try (HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort, traineeToken);
                 Endpoint home = bound(victim)) {
                moveTo(victim, home, 0.5f);
                long id = victim.welcome().getUdpConnectionId();
                double before = dropped("");
                List<Endpoint> attackers = endpoints(victim, 10);
                int sent = 0;
                for (int round = 0; round < 60; round++) { // 60 rounds × 30 = 1,800 datagrams
                    for (Endpoint attacker : attackers) {
                        attacker.send(random(1 + RANDOM.nextInt(1200)));
                        attacker.send(sealedWithAnotherKey(victim, id, 1L << 40 + round));
                        attacker.send(sealedWithAnotherKey(victim, RANDOM.nextLong(), round + 1));
                        sent += 3;
                    }
                    pace();
                }
                int total = sent;
                eventually("most spoofed datagrams are counted as dropped", () -> dropped("") - before >= total / 2.0);
                ticksPass(30);
                assertStandsAt(victim, 0.5f);
                assertNothingReached(attackers);
                closeAll(attackers);
            }
        });
    }

    @Test
    @Order(2)
    void replayedDatagramsMoveNobody() throws Exception {
        underAttack("replayed UDP", () -> {
            try (HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort, traineeToken);
                 Endpoint home = bound(victim)) {
                List<byte[]> captured = new ArrayList<>();
                for (int i = 1; i <= 20; i++) {
                    byte[] input = victim.seal(HandDrivenPeer.input(i, 0.02f * i, 0));
                    captured.add(input);
                    home.send(input);
                }
                eventually("the victim reached x = 0.4", () -> Math.abs(headX(victim) - 0.4f) < 0.002f);
                double before = dropped("replayed");
                List<Endpoint> attackers = endpoints(victim, 5);
                for (int round = 0; round < 10; round++) { // 10 × 5 × 20 + 10 × 20 = 1,200 replays
                    for (Endpoint attacker : attackers) {
                        for (byte[] datagram : captured) {
                            attacker.send(datagram);
                        }
                    }
                    for (byte[] datagram : captured) {
                        home.send(datagram);
                    }
                    pace();
                }
                eventually("the replays are counted", () -> dropped("replayed") - before >= 600);
                ticksPass(30);
                assertStandsAt(victim, 0.4f);
                assertNothingReached(attackers);
                closeAll(attackers);
            }
        });
    }

    @Test
    @Order(3)
    void reorderedDatagramsNeverMoveAnAvatarBack() throws Exception {
        underAttack("reordered UDP", () -> {
            try (HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort, traineeToken);
                 Endpoint home = bound(victim)) {
                moveTo(victim, home, 0.2f);
                List<byte[]> inOrder = new ArrayList<>();
                for (int i = 1; i <= 30; i++) { // 3 mm apart: the newest alone is within one tick's speed limit
                    inOrder.add(victim.seal(HandDrivenPeer.input(i, 0.2f + 0.003f * i, 0)));
                }
                double before = dropped("superseded");
                home.send(inOrder.get(inOrder.size() - 1)); // the newest arrives first
                List<byte[]> late = new ArrayList<>(inOrder.subList(0, inOrder.size() - 1));
                Collections.shuffle(late, RANDOM);
                for (byte[] datagram : late) {
                    home.send(datagram);
                }
                eventually("the late inputs are counted as superseded", () -> dropped("superseded") - before >= 29);
                ticksPass(30);
                assertStandsAt(victim, 0.29f);
            }
        });
    }

    @Test
    @Order(4)
    void aStolenConnectionUsedFromAnotherPortRedirectsNothing() throws Exception {
        underAttack("stolen token from another port", () -> {
            try (HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort, traineeToken);
                 Endpoint home = victim.endpoint()) {
                byte[] probe = victim.seal(HandDrivenPeer.probe());
                home.send(probe);
                eventually("the victim's probe is answered", () -> home.probeAcks.get() > 0);
                byte[] input = victim.seal(HandDrivenPeer.input(1, 0.7f, 0));
                home.send(input);
                eventually("the victim reached x = 0.7", () -> Math.abs(headX(victim) - 0.7f) < 0.002f);
                List<Endpoint> thieves = endpoints(victim, 20);
                for (int round = 0; round < 25; round++) { // 20 ports × 25 × 2 = 1,000 datagrams
                    for (Endpoint thief : thieves) {
                        thief.send(probe);
                        thief.send(input);
                    }
                    pace();
                }
                int snapshots = home.snapshots.get();
                eventually("the victim keeps its snapshots at home", () -> home.snapshots.get() > snapshots + 30);
                assertNothingReached(thieves);
                assertStandsAt(victim, 0.7f);
                closeAll(thieves);
            }
        });
    }

    @Test
    @Order(5)
    void aSequenceWrapFreezesNobody() throws Exception {
        underAttack("sequence wrap", () -> {
            try (HandDrivenPeer victim = HandDrivenPeer.join(server.controlPort, traineeToken);
                 Endpoint home = bound(victim);
                 Endpoint attacker = victim.endpoint()) {
                long id = victim.welcome().getUdpConnectionId();
                for (int round = 0; round < 100; round++) { // 500 forged sequences at the edges of the range
                    for (long seq : new long[] {-1L, Long.MIN_VALUE, 0x7fffffffL, 0xffffffffL, Long.MAX_VALUE}) {
                        attacker.send(sealedWithAnotherKey(victim, id, seq));
                    }
                    pace();
                }
                // The old freeze: the participant itself sends Input.seq = 2^31 - 1.
                home.send(victim.seal(HandDrivenPeer.input(0x7fffffff, 0.3f, 0)));
                moveTo(victim, home, 0.6f); // Input.seq 1 still moves it: the sealed sequence orders
                assertEquals(0, attacker.received.get());
            }
        });
    }

    // --- every listening port ------------------------------------------------------------------

    @Test
    @Order(6)
    void slowlorisOnEveryPortIsCutOff() throws Exception {
        underAttack("slowloris", () -> {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) { // control over TLS: half a length prefix, then nothing
                    Socket s = TestTls.controlSocket(server.controlPort);
                    s.getOutputStream().write(0x85);
                    sockets.add(s);
                }
                for (int i = 0; i < 20; i++) { // both TLS ports: a TCP connection that never starts its handshake
                    sockets.add(open(server.controlPort));
                    sockets.add(open(server.httpPort));
                }
                for (int i = 0; i < 20; i++) { // HTTP over TLS: headers promise a body that never comes
                    Socket s = openTls(server.httpPort);
                    s.getOutputStream().write(("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"user\":").getBytes(StandardCharsets.US_ASCII));
                    sockets.add(s);
                }
                for (Socket s : sockets) {
                    assertTrue(closedByServer(s, WAIT), "a slow connection on port " + s.getPort() + " is still open");
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        });
    }

    @Test
    @Order(7)
    void oversizedBodiesBeforeLoginAreRefusedUnread() throws Exception {
        underAttack("oversized bodies before authentication", () -> {
            int refused = 0;
            for (int i = 0; i < 24; i++) { // the 24 × 16 MiB
                try (Socket s = openTls(server.httpPort)) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + (16 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        for (int sent = 0; sent < (16 << 20); sent += chunk.length) {
                            out.write(chunk);
                        }
                    } catch (IOException closed) {
                        // the server stopped reading: what it should do
                    }
                    String status = statusLine(s);
                    if (status.startsWith("HTTP/1.1 413") || status.isEmpty()) {
                        refused++;
                    }
                }
            }
            assertEquals(24, refused, "every oversized body is refused (413 or closed)");
        });
    }

    /** Last: the backoff it provokes holds this address, so a facilitator call after it would wait. */
    // --- seats and links ------------------------------------------------------------------------------

    @Test
    @Order(8)
    void seatSquattingNeverTakesAPersonalSeat() throws Exception {
        underAttack("seat squatting", () -> {
            String seat = Api.postJson(server.httpPort, "/api/sessions/" + sessionId + "/tokens",
                    "{\"role\":\"trainee\",\"personal\":true,\"name\":\"Cleo\",\"ttlSeconds\":600}").path("token").asText();
            try (TestClient cleo = new TestClient(group, TestClient.options(server.controlPort, seat, "Cleo"))) {
                String holder = cleo.awaitWelcome().getParticipantId();
                for (int i = 0; i < SQUATS; i++) {
                    ServerMessage reply = hello(seat);
                    assertTrue(reply.hasError(), "a squatter is never welcomed to a held seat: " + reply);
                    ErrorCode code = reply.getError().getCode();
                    assertTrue(code == ErrorCode.ERROR_CODE_SEAT_TAKEN || code == ErrorCode.ERROR_CODE_RATE_LIMITED,
                            "refused as taken (or throttled): " + reply);
                }
                assertTrue(cleo.connection().isConnected(), "the seat's holder stays in");
                assertEquals(holder, cleo.connection().welcome().getParticipantId());
            }
        });
    }

    @Test
    @Order(8)
    void aRevokedLinkAdmitsNobody() throws Exception {
        underAttack("reuse of a revoked link", () -> {
            JsonNode issued = Api.postJson(server.httpPort, "/api/sessions/" + sessionId + "/tokens",
                    "{\"role\":\"trainee\",\"ttlSeconds\":600}");
            String token = issued.path("token").asText();
            assertTrue(hello(token).hasWelcome(), "the link works before it is revoked");
            assertEquals(200, Api.delete(server.httpPort, "/api/sessions/" + sessionId + "/links/"
                    + issued.path("linkId").asText()).statusCode());
            for (int i = 0; i < SQUATS; i++) {
                ServerMessage reply = hello(token);
                assertTrue(reply.hasError(), "a revoked link is never welcomed: " + reply);
                ErrorCode code = reply.getError().getCode();
                assertTrue(code == ErrorCode.ERROR_CODE_LINK_REVOKED || code == ErrorCode.ERROR_CODE_RATE_LIMITED,
                        "refused as revoked (or throttled): " + reply);
            }
        });
    }

    /** Attempts per seat or link attack: within the per-address handshake burst, so most answers are the real refusal. */
    private static final int SQUATS = 25;

    /** What the server answers one Hello with {@code token}: a Welcome or a typed error. */
    private static ServerMessage hello(String token) throws Exception {
        try (RawControlClient raw = new RawControlClient(server.controlPort)) {
            raw.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                    .setJoinToken(token).setDisplayName("Squatter").setClientKind(ClientKind.CLIENT_KIND_BOT)).build());
            return raw.receive();
        }
    }

    @Test
    @Order(10)
    void aLoginBruteForceMeetsTheBackoff() throws Exception {
        underAttack("login brute force", () -> {
            int unauthorized = 0;
            int throttled = 0;
            for (int i = 0; i < 300; i++) {
                Raw reply = post("/api/login", "application/json", null,
                        "{\"user\":\"facilitator\",\"password\":\"guess-" + i + "\"}");
                if (reply.status == 401) {
                    unauthorized++;
                } else if (reply.status == 429) {
                    throttled++;
                    assertTrue(reply.headers.toLowerCase().contains("retry-after:"), "429 says when to retry");
                }
            }
            assertTrue(unauthorized <= 10, unauthorized + " passwords were tried before the backoff");
            assertEquals(300, unauthorized + throttled, "every guess is either wrong or throttled");
        });
    }

    @Test
    @Order(9)
    void aCrossOriginPostChangesNothing() throws Exception {
        underAttack("cross-origin POST", () -> {
            int sessionsBefore = Api.getJson(server.httpPort, "/api/sessions").size();
            String auth = "Authorization: " + Api.FACILITATOR + "\r\n";
            Raw plain = post("/api/sessions", "text/plain", "Origin: http://evil.example\r\n" + auth, "{}");
            Raw json = post("/api/sessions", "application/json", "Origin: http://evil.example\r\n" + auth, "{}");
            Raw fetch = post("/api/sessions", "application/json", "Sec-Fetch-Site: cross-site\r\n" + auth, "{}");
            assertEquals(403, plain.status, plain.headers);
            assertEquals(403, json.status, json.headers);
            assertEquals(403, fetch.status, fetch.headers);
            assertEquals(sessionsBefore, Api.getJson(server.httpPort, "/api/sessions").size(), "no session was created");
        });
    }

    // --- the frame around every attack -----------------------------------------------------------

    @FunctionalInterface
    interface Attack {
        void run() throws Exception;
    }

    /** Runs {@code attack} and judges the bystanders over its window (at least three samples). */
    private static void underAttack(String name, Attack attack) throws Exception {
        int from = samples.size();
        attack.run();
        awaitSamples(from, 3);
        List<long[]> window = List.copyOf(samples.subList(from, samples.size()));
        double median = median(window);
        double floor = Math.min(MIN_SNAPSHOTS_PER_SECOND, 0.8 * baselineRate);
        long peakRss = window.stream().mapToLong(s -> s[1]).max().orElseThrow();
        System.out.printf("hostile %-40s %3d s: snapshots/s median %.0f (baseline %.0f, floor %.0f), peak RSS %d MiB%n",
                name, window.size(), median, baselineRate, floor, peakRss / 1024);
        assertTrue(server.alive(), "the server survived " + name);
        assertTrue(median >= floor, name + ": the legitimate clients' median snapshot rate fell to " + median
                + "/s (floor " + floor + "/s)");
        assertTrue(peakRss <= RSS_BOUND_MIB * 1024L, name + ": the server's RSS reached " + peakRss / 1024 + " MiB");
        assertTrue(alice.connection().usingUdp() && bob.connection().usingUdp(), "the legitimate clients stay on UDP");
    }

    private static void awaitSamples(int from, int count) throws InterruptedException {
        eventually(count + " samples", () -> samples.size() - from >= count);
    }

    private static double median(List<long[]> window) {
        long[] rates = window.stream().mapToLong(s -> s[0]).sorted().toArray();
        return rates.length % 2 == 1 ? rates[rates.length / 2] : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2.0;
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20); // polls observable state; the deadline is generous
        }
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
    }

    /** A short pause between bursts, so the kernel's socket buffers do not drop the attack before the server sees it. */
    private static void pace() throws InterruptedException {
        Thread.sleep(5);
    }

    // --- UDP helpers -----------------------------------------------------------------------------

    private static double dropped(String reason) {
        try {
            return server.counter("ensemble_udp_dropped_total", reason.isEmpty() ? "" : "reason=\"" + reason + "\"");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Endpoint bound(HandDrivenPeer peer) throws Exception {
        Endpoint home = peer.endpoint();
        eventually("the probe is answered", () -> {
            send(home, peer.seal(HandDrivenPeer.probe()));
            return home.probeAcks.get() > 0;
        });
        return home;
    }

    private static void moveTo(HandDrivenPeer peer, Endpoint from, float x) throws InterruptedException {
        eventually("the peer is seen at x = " + x, () -> {
            send(from, peer.seal(HandDrivenPeer.input(1, x, 0)));
            return Math.abs(headX(peer) - x) < 0.002f;
        });
    }

    private static void send(Endpoint from, byte[] datagram) {
        try {
            from.send(datagram);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Endpoint> endpoints(HandDrivenPeer peer, int count) throws IOException {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(peer.endpoint());
        }
        return list;
    }

    private static void closeAll(List<Endpoint> endpoints) {
        endpoints.forEach(Endpoint::close);
    }

    private static void assertNothingReached(List<Endpoint> attackers) {
        for (Endpoint attacker : attackers) {
            assertEquals(0, attacker.received.get(), "the server sent something to an attacker's port");
        }
    }

    /** An input for {@code connectionId} sealed with a key of the attacker's own, at sequence {@code seq}. */
    private static byte[] sealedWithAnotherKey(HandDrivenPeer peer, long connectionId, long seq) {
        byte[] forged = peer.seal(new DatagramLink(connectionId, DatagramLink.generate(RANDOM).keyBytes()),
                HandDrivenPeer.input(1, -4, 0));
        ByteBuffer.wrap(forged).putLong(SealedDatagram.SEQ_OFFSET, seq);
        return forged;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Where Alice sees the peer's head (x, metres). */
    private static float headX(HandDrivenPeer peer) {
        Frame frame = alice.newestFrame();
        int slot = frame.findAvatar(peer.welcome().getParticipantIndex());
        if (slot < 0) {
            return Float.NaN;
        }
        Bounds b = alice.connection().welcome().getSceneBounds();
        PoseQuantizer q = new PoseQuantizer(b.getMin().getX(), b.getMin().getY(), b.getMin().getZ(),
                b.getMax().getX(), b.getMax().getY(), b.getMax().getZ());
        return q.dequantizeX(frame.avatarPosition(slot, Frame.HEAD, 0));
    }

    private static void assertStandsAt(HandDrivenPeer peer, float x) {
        assertEquals(x, headX(peer), 0.002f, "the attack moved the victim");
    }

    private static void ticksPass(int ticks) throws InterruptedException {
        int tick = alice.newestTick();
        eventually(ticks + " more ticks", () -> alice.newestTick() > tick + ticks);
    }

    // --- TCP and HTTP helpers --------------------------------------------------------------------

    /** A plain TCP connection: against a TLS listener, one that never even starts its handshake. */
    private static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** A TLS connection to the HTTP port, pinned to the test certificate. */
    private static Socket openTls(int port) throws IOException {
        Socket tcp = open(port);
        javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) TestTls.TRUST.jdkContext().getSocketFactory()
                .createSocket(tcp, "127.0.0.1", port, true);
        secure.startHandshake();
        return secure;
    }

    /** True when the server closes {@code s} (EOF or reset) within {@code timeout}. */
    private static boolean closedByServer(Socket s, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = s.getInputStream();
        while (System.nanoTime() < deadline) {
            s.setSoTimeout(1000);
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    /** The status line of the response on {@code s}, or "" when the connection was closed without one. */
    private static String statusLine(Socket s) throws IOException {
        s.setSoTimeout((int) WAIT.toMillis());
        StringBuilder line = new StringBuilder();
        try {
            InputStream in = s.getInputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
        } catch (IOException reset) {
            // closed without an answer
        }
        return line.toString().trim();
    }

    private record Raw(int status, String headers) {
    }

    /** One request on its own connection, exactly as written (no client library adds headers). */
    private static Raw post(String path, String contentType, String extraHeaders, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = openTls(server.httpPort)) {
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.httpPort + "\r\n"
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n"
                    + (extraHeaders == null ? "" : extraHeaders) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(bytes);
            s.setSoTimeout((int) WAIT.toMillis());
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String head = end < 0 ? response : response.substring(0, end);
            int status = head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : 0;
            return new Raw(status, head);
        }
    }
}
