package ensemble.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete HTTP answer: status, content type, body bytes and any extra headers (a login's
 * {@code Set-Cookie}, a page's {@code Content-Security-Policy}).
 */
public record HttpReply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public HttpReply {
        headers = Map.copyOf(headers);
    }

    public HttpReply(HttpResponseStatus status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /** This reply with one more header. */
    public HttpReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpReply(status, contentType, body, more);
    }

    public static HttpReply json(HttpResponseStatus status, Object value) {
        try {
            return new HttpReply(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise reply", e);
        }
    }

    public static HttpReply ok(Object value) {
        return json(HttpResponseStatus.OK, value);
    }

    /** A JSON error body {@code {"error": code, "message": text}}. */
    public static HttpReply error(HttpResponseStatus status, String code, String message) {
        return json(status, Map.of("error", code, "message", message));
    }

    public static HttpReply text(HttpResponseStatus status, String contentType, String body) {
        return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
