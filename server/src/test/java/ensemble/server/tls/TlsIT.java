package ensemble.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.app.JoinLink;
import ensemble.client.net.ConnectionListener;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.JoinTokens;
import ensemble.client.net.ServerConnection;
import ensemble.client.net.ServerTrust;
import ensemble.proto.CertificatePin;
import ensemble.proto.Protocol;
import ensemble.server.EnsembleServer;
import ensemble.server.ServerConfig;
import ensemble.server.session.TokenSigner;
import ensemble.server.testing.Api;
import ensemble.server.testing.RawControlClient;
import ensemble.server.testing.TestClient;
import ensemble.server.testing.TestTls;
import ensemble.server.world.Scene;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.Hello;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the real server: TLS 1.3 on the control and HTTP ports, plain clients and wrong pins
 * refused, CA-signed certificates with host-name checks, live reload of renewed files, the
 * self-signed certificate kept in the data directory, and the console's Secure cookie and HSTS.
 */
class TlsIT {
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static EnsembleServer server;
    private static String token;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dir));
        server.sessions().create(Scene.testRoom(3, 8), "tls");
        token = server.sessions().context().signer().join("tls", server.sessions().find("tls").generation(),
                "trainee", TokenSigner.Kind.PARTICIPANT, 600);
    }

    @AfterAll
    static void stop() {
        server.close();
        GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    @Test
    void controlAndHttpPortsNegotiateTls13() throws Exception {
        try (RawControlClient raw = new RawControlClient(server.controlPort())) {
            assertEquals("TLSv1.3", raw.tlsProtocol());
            raw.send(hello(token));
            assertTrue(raw.receive().hasWelcome(), "a Hello over TLS is welcomed");
        }
        HttpResponse<String> health = TestTls.httpClient().build().send(HttpRequest.newBuilder(
                TestTls.https(server.httpPort(), "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("TLSv1.3", health.sslSession().orElseThrow().getProtocol());
        assertEquals(server.tls().pin(), CertificatePin.of(
                (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0]));
    }

    @Test
    void plainClientsAreRefusedOnBothPorts() throws Exception {
        try (RawControlClient plain = RawControlClient.plain(server.controlPort())) {
            plain.send(hello(token));
            assertTrue(plain.closedByServer(), "a plain-TCP Hello gets the connection closed");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz"))
                .timeout(Duration.ofSeconds(10)).build();
        assertThrows(IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()),
                "plain HTTP on the HTTPS port gets no answer");
    }

    @Test
    void aWrongPinIsRefusedWithTheReason() throws Exception {
        String wrong = CertificatePin.of(otherKey());
        server.sessions().create(Scene.testRoom(1, 4), "wrong-pin");
        String join = server.sessions().context().signer().join("wrong-pin", server.sessions().find("wrong-pin").generation(),
                "trainee", TokenSigner.Kind.PARTICIPANT, 600);
        ConnectionOptions options = TestClient.options(server.controlPort(), join, "Mallory's victim")
                .withTrust(ServerTrust.pinned(wrong));
        ServerConnection.ConnectionRefused refused = refusal(options);
        assertTrue(refused.getMessage().contains("not the expected " + wrong), refused.getMessage());
        assertEquals(0, server.sessions().find("wrong-pin").participantCount(), "the join token was never sent");

        SSLHandshakeException http = assertThrows(SSLHandshakeException.class, () -> JoinTokens.client(
                ServerTrust.pinned(wrong)).send(HttpRequest.newBuilder(TestTls.https(server.httpPort(), "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertTrue(ServerTrust.describe(http).contains("pin"), ServerTrust.describe(http));
    }

    @Test
    void withoutPinASelfSignedServerIsRefused() throws Exception {
        ServerConnection.ConnectionRefused refused = refusal(TestClient.options(server.controlPort(), token, "No pin")
                .withTrust(ServerTrust.systemCas()));
        assertTrue(refused.getMessage().contains("not signed by a trusted CA"), refused.getMessage());
    }

    @Test
    void theRightPinJoins() throws Exception {
        try (TestClient client = new TestClient(GROUP, TestClient.options(server.controlPort(), token, "Pinned"))) {
            assertTrue(client.awaitWelcome().getParticipantIndex() >= 0);
        }
    }

    @Test
    void theConsoleCookieIsSecureAndHstsIsSent() throws Exception {
        HttpResponse<String> login = TestTls.httpClient().build().send(HttpRequest.newBuilder(
                TestTls.https(server.httpPort(), "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"facilitator\",\"password\":\""
                        + ServerConfig.TEST_CONSOLE_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("ensemble_console=") && cookie.contains("; Secure") && cookie.contains("HttpOnly"),
                cookie);
        assertTrue(login.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age="));
        assertTrue(Api.post(server.httpPort(), "/api/sessions/none/pause", "{}").headers()
                .firstValue("Strict-Transport-Security").isPresent(), "errors carry HSTS too");
    }

    @Test
    void joinLinksCarryThePin() throws Exception {
        var created = Api.postJson(server.httpPort(), "/api/sessions", "{\"entities\": 2, \"capacity\": 2}");
        String link = created.path("joinLinks").path("trainee").asText();
        assertTrue(link.endsWith("&pin=" + server.tls().pin()), link);
        assertEquals(server.tls().pin(), created.path("pin").asText());
        assertEquals(server.tls().pin(), JoinLink.parse(link).pin());
    }

    @Test
    void aCaSignedCertificateIsCheckedAgainstTheHostName(@TempDir Path dir) throws Exception {
        TestCertificates ca = new TestCertificates();
        CertificateFiles files = ca.issue(dir.resolve("server"), "localhost");
        Path caFile = ca.writeCa(dir.resolve("ca.pem"));
        try (EnsembleServer signed = EnsembleServer.start(ServerConfig.forTests(dir.resolve("data")).toBuilder()
                .tls(TlsSettings.files(files.certFile(), files.keyFile())).build())) {
            signed.sessions().create(Scene.testRoom(1, 4), "ca");
            String join = signed.sessions().context().signer().join("ca", signed.sessions().find("ca").generation(),
                "trainee", TokenSigner.Kind.PARTICIPANT, 600);
            ServerTrust trust = ServerTrust.of(false, null, caFile);
            ConnectionOptions byName = ConnectionOptions.of("localhost", signed.controlPort(), join, "By name",
                    ClientKind.CLIENT_KIND_BOT).withTrust(trust);
            try (TestClient client = new TestClient(GROUP, byName)) {
                client.awaitWelcome();
            }
            // The certificate names localhost, not 127.0.0.1: a chain from a trusted CA is not enough.
            ServerConnection.ConnectionRefused refused = refusal(ConnectionOptions.of("127.0.0.1", signed.controlPort(),
                    join, "By address", ClientKind.CLIENT_KIND_BOT).withTrust(trust));
            assertTrue(refused.getMessage().contains("not signed by a trusted CA for that name"), refused.getMessage());
            HttpResponse<String> health = JoinTokens.client(trust).send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + signed.httpPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            // Without the private CA, the JDK's CAs do not know it.
            assertThrows(SSLHandshakeException.class, () -> JoinTokens.client(ServerTrust.systemCas()).send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + signed.httpPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void renewedFilesServeNewConnectionsWithoutARestart(@TempDir Path dir) throws Exception {
        TestCertificates ca = new TestCertificates();
        CertificateFiles live = ca.issue(dir.resolve("live"), "localhost");
        CertificateFiles renewed = ca.issue(dir.resolve("renewed"), "localhost");
        String before = ServerIdentity.read(live).pin();
        String after = ServerIdentity.read(renewed).pin();
        assertNotEquals(before, after);
        try (EnsembleServer reloading = EnsembleServer.start(ServerConfig.forTests(dir.resolve("data")).toBuilder()
                .tls(TlsSettings.files(live.certFile(), live.keyFile()).withReloadInterval(Duration.ofMillis(100)))
                .build())) {
            reloading.sessions().create(Scene.testRoom(1, 4), "renew");
            String join = reloading.sessions().context().signer().join("renew", reloading.sessions().find("renew").generation(),
                "trainee", TokenSigner.Kind.PARTICIPANT, 600);
            try (TestClient old = new TestClient(GROUP, TestClient.options(reloading.controlPort(), join, "Before")
                    .withTrust(ServerTrust.pinned(before)))) {
                old.awaitWelcome();
                TestCertificates.renew(renewed, live);
                eventually("the renewed certificate is in use", () -> after.equals(reloading.tls().pin()));
                try (TestClient fresh = new TestClient(GROUP, TestClient.options(reloading.controlPort(), join, "After")
                        .withTrust(ServerTrust.pinned(after)))) {
                    fresh.awaitWelcome();
                }
                assertTrue(refusal(TestClient.options(reloading.controlPort(), join, "Old pin")
                        .withTrust(ServerTrust.pinned(before))).getMessage().contains("not the expected " + before));
                assertNull(old.closedReason(), "the connection made before the renewal goes on");
            }
            HttpResponse<String> health = JoinTokens.client(ServerTrust.pinned(after)).send(HttpRequest.newBuilder(
                    TestTls.https(reloading.httpPort(), "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "the HTTP port serves the renewed certificate too");
        }
    }

    @Test
    void theSelfSignedCertificateIsMadeOnceAndKeptPrivate(@TempDir Path dataDir) throws Exception {
        String first;
        try (ServerTls tls = ServerTls.start(TlsSettings.selfSigned(), dataDir, List.of("ensemble.example"))) {
            first = tls.pin();
            assertTrue(tls.certificate().getSubjectAlternativeNames().stream()
                    .anyMatch(name -> name.get(1).equals("ensemble.example")));
        }
        Path key = dataDir.resolve("tls").resolve(GeneratedCertificate.KEY_FILE);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(key.getParent()));
        try (ServerTls again = ServerTls.start(TlsSettings.selfSigned(), dataDir, List.of())) {
            assertEquals(first, again.pin(), "a later start reuses the certificate, so pins stay valid");
        }
        Files.delete(dataDir.resolve("tls").resolve(GeneratedCertificate.CERT_FILE));
        IOException half = assertThrows(IOException.class,
                () -> ServerTls.start(TlsSettings.selfSigned(), dataDir, List.of()));
        assertTrue(half.getMessage().contains("only one of"), half.getMessage());
    }

    @Test
    void badFilesAreRefusedWithTheirNames(@TempDir Path dir) throws Exception {
        TestCertificates ca = new TestCertificates();
        CertificateFiles one = ca.issue(dir.resolve("one"), "localhost");
        CertificateFiles two = ca.issue(dir.resolve("two"), "localhost");
        IOException mismatch = assertThrows(IOException.class, () -> ServerIdentity.read(
                new CertificateFiles(one.certFile(), two.keyFile())));
        assertTrue(mismatch.getMessage().contains("does not belong to the certificate in " + one.certFile()),
                mismatch.getMessage());
        Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        IOException junk = assertThrows(IOException.class, () -> ServerIdentity.read(
                new CertificateFiles(dir.resolve("junk.pem"), one.keyFile())));
        assertTrue(junk.getMessage().startsWith(dir.resolve("junk.pem") + ": no certificate"), junk.getMessage());
    }

    @Test
    void withoutTlsPlainClientsJoin(@TempDir Path dir) throws Exception {
        try (EnsembleServer plain = EnsembleServer.start(ServerConfig.forTests(dir).toBuilder()
                .tls(TlsSettings.off()).build())) {
            assertFalse(plain.tls().enabled());
            assertNull(plain.tls().pin());
            plain.sessions().create(Scene.testRoom(1, 4), "plain");
            String join = plain.sessions().context().signer().join("plain", plain.sessions().find("plain").generation(),
                "trainee", TokenSigner.Kind.PARTICIPANT, 600);
            try (TestClient client = new TestClient(GROUP, TestClient.options(plain.controlPort(), join, "Bench")
                    .withTrust(ServerTrust.plain()))) {
                client.awaitWelcome();
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain.httpPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.headers().firstValue("Strict-Transport-Security").isEmpty());
        }
    }

    private static ServerConnection.ConnectionRefused refusal(ConnectionOptions options) throws Exception {
        ServerConnection connection = ServerConnection.connect(GROUP, options, new ConnectionListener() {
        });
        try {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> connection.welcomed().get(20, TimeUnit.SECONDS));
            return assertInstanceOf(ServerConnection.ConnectionRefused.class, failed.getCause());
        } finally {
            connection.close();
        }
    }

    private static ClientMessage hello(String joinToken) {
        return ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                .setJoinToken(joinToken).setClientKind(ClientKind.CLIENT_KIND_BOT).setDisplayName("Raw")).build();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A public key that is not the server's. */
    private static PublicKey otherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair().getPublic();
    }
}
