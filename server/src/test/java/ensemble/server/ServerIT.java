package ensemble.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ensemble.proto.Protocol;
import ensemble.server.testing.Api;
import ensemble.server.testing.Http;
import ensemble.server.testing.RawControlClient;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Hello;
import ensemble.v1.ServerMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on ephemeral ports with an embedded real redis-server. */
class ServerIT {
    @TempDir
    static Path dataDir;
    static EnsembleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EnsembleServer.start(ServerConfig.forTests(dataDir));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReportsRedisAndServerUp() throws Exception {
        HttpResponse<String> response = Http.get(server.httpPort(), "/healthz");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode health = Http.json(response);
        assertEquals("up", health.path("status").asText());
        assertEquals("up", health.path("redis").path("status").asText());
        assertEquals("embedded", health.path("redis").path("mode").asText());
        assertEquals("up", health.path("server").path("status").asText());
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> response = Http.get(server.httpPort(), "/metrics", Api.FACILITATOR);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("# TYPE jvm_memory_used_bytes gauge"), "JVM metrics are exported");
        assertTrue(response.body().contains("ensemble_udp_dropped_total"));
    }

    @Test
    void unknownPathIsAJsonNotFound() throws Exception {
        HttpResponse<String> response = Http.get(server.httpPort(), "/no/such/thing");
        assertEquals(404, response.statusCode());
        assertEquals("not_found", Http.json(response).path("error").asText());
    }

    @Test
    void oversizedFrameGetsTypedErrorAndClose() throws Exception {
        try (RawControlClient client = new RawControlClient(server.controlPort())) {
            // varint32 of MAX_FRAME_BYTES + 1, then a little of the announced body.
            int length = Protocol.MAX_FRAME_BYTES + 1;
            client.sendRaw(new byte[] {(byte) (length & 0x7f | 0x80), (byte) ((length >>> 7) & 0x7f | 0x80),
                (byte) (length >>> 14), 1, 2, 3});
            ServerMessage reply = client.receive();
            assertEquals(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, reply.getError().getCode());
            assertTrue(reply.getError().getFatal());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void undecodableFrameGetsMalformedErrorAndClose() throws Exception {
        try (RawControlClient client = new RawControlClient(server.controlPort())) {
            client.sendRaw(new byte[] {4, (byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            ServerMessage reply = client.receive();
            assertEquals(ErrorCode.ERROR_CODE_MALFORMED_FRAME, reply.getError().getCode());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void unknownProtocolVersionGetsTypedError() throws Exception {
        try (RawControlClient client = new RawControlClient(server.controlPort())) {
            client.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(42)
                    .setJoinToken("t")).build());
            ServerMessage reply = client.receive();
            assertEquals(ErrorCode.ERROR_CODE_UNSUPPORTED_PROTOCOL, reply.getError().getCode());
            assertTrue(reply.getError().getMessage().contains("42"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aHostilePeerLosesOnlyItsOwnConnection() throws Exception {
        try (RawControlClient bystander = new RawControlClient(server.controlPort());
             RawControlClient hostile = new RawControlClient(server.controlPort())) {
            hostile.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
            assertEquals(ErrorCode.ERROR_CODE_MALFORMED_FRAME, hostile.receive().getError().getCode());
            assertTrue(hostile.closedByServer());
            assertTrue(bystander.stillOpenAfter(300), "the other connection is untouched");
        }
    }

    @Test
    void truncatedFrameThenDisconnectLeavesServerHealthy() throws Exception {
        try (RawControlClient client = new RawControlClient(server.controlPort())) {
            client.sendRaw(new byte[] {50, 1, 2, 3});
        }
        assertEquals(200, Http.get(server.httpPort(), "/healthz").statusCode());
    }

    @Test
    void externalRedisThatIsDownMakesHealthDegraded(@TempDir Path other) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServerConfig config = ServerConfig.forTests(other).toBuilder()
                .redis(URI.create("redis://127.0.0.1:" + closedPort), ServerConfig.RedisBinary.AUTO).build();
        try (EnsembleServer degraded = EnsembleServer.start(config)) {
            assertNull(degraded.embeddedRedis(), "an external URL starts no redis-server");
            HttpResponse<String> response = Http.get(degraded.httpPort(), "/healthz");
            assertEquals(503, response.statusCode());
            JsonNode health = Http.json(response);
            assertEquals("degraded", health.path("status").asText());
            assertEquals("down", health.path("redis").path("status").asText());
            assertEquals("external", health.path("redis").path("mode").asText());
        }
    }

    @Test
    void closingSaysGoodbyeAndStopsEmbeddedRedis(@TempDir Path other) throws Exception {
        EnsembleServer node = EnsembleServer.start(ServerConfig.forTests(other));
        assertNotNull(node.embeddedRedis());
        try (RawControlClient client = new RawControlClient(node.controlPort())) {
            assertTrue(client.stillOpenAfter(200));
            node.close();
            ServerMessage goodbye = client.receive();
            assertEquals(ServerMessage.BodyCase.GOODBYE, goodbye.getBodyCase());
            assertEquals(ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN, goodbye.getGoodbye().getCode());
            assertTrue(client.closedByServer());
        }
        assertFalse(node.embeddedRedis().isRunning(), "redis-server child stopped with the server");
    }
}
