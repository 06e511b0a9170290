package ensemble.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** Every rule of the CSRF check on request heads, with the code each refusal carries. */
class CsrfTest {
    private static HttpRequest request(HttpMethod method, String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/api/sessions");
        request.headers().set("Host", "console.example:8080");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        return request;
    }

    private static String refusal(HttpRequest request) {
        HttpReply reply = Csrf.refusal(request, null);
        return reply == null ? null : reply.status().code() + " " + new String(reply.body());
    }

    @Test
    void sameOriginJsonFromTheConsoleIsAccepted() {
        assertNull(refusal(request(HttpMethod.POST, "Origin", "http://console.example:8080", "Sec-Fetch-Site", "same-origin",
                "Content-Type", "application/json; charset=utf-8", "Cookie", "ensemble_console=ect_x", "Content-Length", "2")));
    }

    @Test
    void foreignOriginsAndSitesAreRefusedWithTheReason() {
        String text = refusal(request(HttpMethod.POST, "Origin", "http://evil.example", "Content-Type", "text/plain",
                "Cookie", "ensemble_console=ect_x"));
        assertTrue(text.startsWith("403") && text.contains("cross_origin") && text.contains("evil.example"), text);
        assertTrue(refusal(request(HttpMethod.POST, "Origin", "null", "Content-Type", "application/json")).contains("cross_origin"));
        assertTrue(refusal(request(HttpMethod.POST, "Origin", "https://console.example", "Content-Type",
                "application/json")).contains("cross_origin"), "the scheme's default port 443 is not 8080");
        assertTrue(refusal(request(HttpMethod.DELETE, "Sec-Fetch-Site", "same-site")).contains("cross_site"),
                "a sibling site is not this server");
        assertTrue(refusal(request(HttpMethod.PUT, "Sec-Fetch-Site", "cross-site", "Authorization", "Bearer t",
                "Content-Type", "application/json")).contains("cross_site"));
    }

    @Test
    void theCookieAloneNeedsAnOriginButScriptsDoNot() {
        assertTrue(refusal(request(HttpMethod.POST, "Cookie", "ensemble_console=ect_x", "Content-Type", "application/json"))
                .contains("origin_required"));
        assertNull(refusal(request(HttpMethod.POST, "Authorization", "Bearer ect_x", "Content-Type", "application/json")),
                "curl with a bearer token");
        assertNull(refusal(request(HttpMethod.POST, "Content-Type", "application/json")), "a login from a script");
        assertNull(refusal(request(HttpMethod.POST, "Sec-Fetch-Site", "none", "Cookie", "ensemble_console=ect_x",
                "Content-Type", "application/json")), "typed into the browser by the user");
    }

    @Test
    void theBodyMustBeJsonOrTheRoutesUploadType() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            String text = refusal(request(HttpMethod.POST, "Authorization", "Bearer t", "Content-Type", type));
            assertTrue(text.startsWith("415") && text.contains("unsupported_media_type"), text);
        }
        assertTrue(refusal(request(HttpMethod.POST, "Authorization", "Bearer t")).startsWith("415"), "no type at all");
        assertNull(refusal(request(HttpMethod.DELETE, "Authorization", "Bearer t")), "a DELETE without a body needs none");
        assertTrue(refusal(request(HttpMethod.DELETE, "Authorization", "Bearer t", "Content-Length", "5")).startsWith("415"));
        HttpRequest upload = request(HttpMethod.POST, "Authorization", "Bearer t", "Content-Type", "application/vnd.x+gzip");
        assertNull(Csrf.refusal(upload, "application/vnd.x+gzip"));
        assertEquals(415, Csrf.refusal(request(HttpMethod.POST, "Authorization", "Bearer t", "Content-Type",
                "application/json"), "application/vnd.x+gzip").status().code());
    }

    @Test
    void originsMatchHostWithDefaultPortsAndIpv6() {
        assertTrue(Csrf.sameOrigin("http://example.com", "example.com"));
        assertTrue(Csrf.sameOrigin("https://example.com", "EXAMPLE.com:443"));
        assertTrue(Csrf.sameOrigin("http://[::1]:8080", "[::1]:8080"));
        assertFalse(Csrf.sameOrigin("http://[::1]:8080", "[::1]:8081"));
        assertFalse(Csrf.sameOrigin("http://example.com.evil:80", "example.com"));
        assertFalse(Csrf.sameOrigin("file:///x", "example.com"));
        assertFalse(Csrf.sameOrigin("http://example.com", null));
    }
}
