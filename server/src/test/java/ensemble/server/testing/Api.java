package ensemble.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON API calls for tests, as the facilitator: they send the credentials a
 * {@link ensemble.server.ServerConfig#forTests} server has as {@code Authorization: Basic}.
 */
public final class Api {
    /** The Authorization header of the test facilitator. */
    public static final String FACILITATOR = "Basic " + java.util.Base64.getEncoder().encodeToString(
            ("facilitator:" + ensemble.server.ServerConfig.TEST_CONSOLE_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final HttpClient CLIENT = TestTls.httpClient().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Api() {
    }

    public static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(TestTls.https(port, path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json").header("Authorization", FACILITATOR)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> delete(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(TestTls.https(port, path))
                .timeout(Duration.ofSeconds(5)).header("Authorization", FACILITATOR).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode postJson(int port, String path, String body) throws Exception {
        HttpResponse<String> response = post(port, path, body);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public static JsonNode getJson(int port, String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(TestTls.https(port, path))
                .timeout(Duration.ofSeconds(5)).header("Authorization", FACILITATOR).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
