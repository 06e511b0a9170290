package ensemble.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import ensemble.server.ServerConfig;
import ensemble.server.session.SessionContext;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.server.world.Scene;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of the JSON API's request bodies: {@link HttpRoutes.Request#jsonBody}
 * alone, and every POST route that reads a body, on the console's real routes (real
 * {@link Console}, {@link SessionRegistry} and tick threads; no Redis is needed for these).
 *
 * <p>What must hold for any body: the parser gives a JSON object or an
 * {@link IllegalArgumentException} (a 400 with a reason); a route answers with a status below 500
 * or fails with that exception; nothing else escapes, so no body can make the API answer 500.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code ApiBodyFuzzTestInputs/};
 * {@code docs/security.md} says how to fuzz for longer.
 */
class ApiBodyFuzzTest {
    /** A live session the token route can name; the control routes name one that does not exist. */
    private static final String LIVE = "fuzz-live";
    private static final String USER = "facilitator";
    private static final String PASSWORD = "fuzz-password-" + System.nanoTime();

    /** Every route that reads a JSON body, with the session it names. */
    private static final List<String> ROUTES = List.of("/api/login", "/api/sessions", "/api/sessions/" + LIVE + "/tokens",
            "/api/sessions/absent/start", "/api/sessions/absent/goto", "/api/sessions/absent/inject",
            "/api/sessions/absent/broadcast", "/api/sessions/absent/whisper", "/api/sessions/absent/mute",
            "/api/sessions/absent/unmute", "/api/sessions/absent/remove", "/api/sessions/absent/end",
            "/api/sessions/absent/pause");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain",
            "application/json; charset=utf-8", "");

    private static final SessionRegistry REGISTRY;
    private static final HttpRoutes ROUTES_TABLE = new HttpRoutes();
    private static final String BEARER;

    static {
        ServerConfig config = ServerConfig.forTests(Path.of("target", "fuzz-http"));
        REGISTRY = new SessionRegistry(new SessionContext(config, new TokenSigner("fuzz-secret-" + "x".repeat(32),
                Clock.systemUTC()), new SimpleMeterRegistry(), Clock.systemUTC(), () -> null));
        Console console = new Console(REGISTRY, ScenarioCatalogue.EMPTY, USER, PASSWORD, config.limits());
        console.register(ROUTES_TABLE, new JoinLinks("127.0.0.1:7777", null));
        REGISTRY.create(Scene.testRoom(2, 4), LIVE);
        HttpReply login = call("/api/login", "application/json",
                ("{\"user\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8), null);
        assertEquals(200, login.status().code(), "the fuzz test's own login works");
        BEARER = readJson(login).path("token").asText();
    }

    @FuzzTest(maxDuration = "5m")
    void jsonBodyIsAnObjectOrABadRequest(byte[] body) {
        HttpRoutes.Request request = new HttpRoutes.Request(request("/api/x", "application/json", body, null), Map.of(),
                "/api/x", Map.of(), InetAddress.getLoopbackAddress());
        JsonNode node;
        try {
            node = request.jsonBody();
        } catch (IllegalArgumentException badRequest) {
            assertNotNull(badRequest.getMessage(), "a 400 says why");
            return;
        }
        assertTrue(node.isObject(), "jsonBody returned something other than an object");
    }

    @FuzzTest(maxDuration = "5m")
    void noBodyMakesARouteFail(FuzzedDataProvider data) {
        String path = data.pickValue(ROUTES);
        String contentType = data.pickValue(CONTENT_TYPES);
        boolean authenticated = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        HttpReply reply;
        try {
            reply = call(path, contentType, body, authenticated ? BEARER : null);
        } catch (IllegalArgumentException badRequest) {
            assertNotNull(badRequest.getMessage(), "a 400 says why");
            return;
        } finally {
            dropCreatedSessions();
        }
        // 503 is capacity (too many live logins or sessions), not a failure of the request.
        assertTrue(reply.status().code() < 500 || reply.status().code() == 503,
                path + " answered " + reply.status() + " to a body: " + new String(reply.body(), StandardCharsets.UTF_8));
    }

    /** Runs the route for {@code path} as HttpHandler would; an IllegalArgumentException is its 400. */
    private static HttpReply call(String path, String contentType, byte[] body, String bearer) {
        HttpRoutes.Match match = ROUTES_TABLE.match(HttpMethod.POST, path);
        assertNotNull(match.handler(), "no POST route " + path);
        FullHttpRequest raw = request(path, contentType, body, bearer);
        try {
            return match.handler().handle(new HttpRoutes.Request(raw, match.params(), path,
                    new QueryStringDecoder(path).parameters(), InetAddress.getLoopbackAddress())).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof IllegalArgumentException badRequest) {
                throw badRequest;
            }
            throw new AssertionError(path + " failed with something else than a bad request", e.getCause());
        } catch (Exception e) {
            throw new AssertionError(path + " failed with something else than a bad request", e);
        } finally {
            raw.release();
        }
    }

    private static FullHttpRequest request(String path, String contentType, byte[] body, String bearer) {
        FullHttpRequest raw = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        raw.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        if (!contentType.isEmpty()) {
            raw.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        raw.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (bearer != null) {
            raw.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        return raw;
    }

    /** Sessions a fuzzed create made: removed, so that every input starts from the same registry. */
    private static void dropCreatedSessions() {
        REGISTRY.all().stream().filter(s -> !s.id().equals(LIVE)).forEach(s ->
                REGISTRY.remove(s.id(), ensemble.v1.ErrorCode.ERROR_CODE_SESSION_ENDED, "fuzz input done"));
    }

    private static JsonNode readJson(HttpReply reply) {
        try {
            return HttpReply.JSON.readTree(reply.body());
        } catch (java.io.IOException e) {
            return fail("not JSON", e);
        }
    }
}
