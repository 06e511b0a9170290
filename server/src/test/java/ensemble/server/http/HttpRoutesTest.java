package ensemble.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

class HttpRoutesTest {
    private final HttpRoutes routes = new HttpRoutes()
            .get("/api/sessions", r -> HttpReply.ok("list"))
            .get("/api/sessions/{id}", r -> HttpReply.ok(r.param("id")))
            .post("/api/sessions/{id}/steps/{step}", r -> HttpReply.ok(r.param("step")));

    @Test
    void matchesTemplatesAndExtractsParameters() {
        HttpRoutes.Match match = routes.match(HttpMethod.POST, "/api/sessions/s1/steps/evacuate");
        assertNotNull(match.handler());
        assertEquals("s1", match.params().get("id"));
        assertEquals("evacuate", match.params().get("step"));
    }

    @Test
    void unknownPathIsNotFoundAndWrongMethodIsNotAllowed() {
        assertEquals(HttpResponseStatus.NOT_FOUND, routes.match(HttpMethod.GET, "/nope").failure());
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, routes.match(HttpMethod.DELETE, "/api/sessions").failure());
        assertNull(routes.match(HttpMethod.GET, "/api/sessions/a/b").handler());
    }

    @Test
    void headIsServedByGetRoutes() {
        assertNotNull(routes.match(HttpMethod.HEAD, "/api/sessions").handler());
    }

    @Test
    void templateCharactersAreLiteral() {
        HttpRoutes dotted = new HttpRoutes().get("/a.b", r -> HttpReply.ok("x"));
        assertNull(dotted.match(HttpMethod.GET, "/aXb").handler());
        assertNotNull(dotted.match(HttpMethod.GET, "/a.b").handler());
    }
}
