package ensemble.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.client.net.ServerTrust;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small HTTPS helpers for tests against a running server (pinning the test certificate). */
public final class Http {
    private static final HttpClient CLIENT = TestTls.httpClient().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(TestTls.https(port, path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with an {@code Authorization} header. */
    public static HttpResponse<String> get(int port, String path, String authorization) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(TestTls.https(port, path))
                .timeout(Duration.ofSeconds(5)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET over HTTPS, checking the certificate as {@code trust} says (a server that is not a test server). */
    public static HttpResponse<String> get(ServerTrust trust, int port, String path) throws IOException, InterruptedException {
        return get(trust, port, path, null);
    }

    /** GET over HTTPS with {@code trust} and, unless null, an {@code Authorization} header. */
    public static HttpResponse<String> get(ServerTrust trust, int port, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(TestTls.https(port, path)).timeout(Duration.ofSeconds(5)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trust.jdkContext()).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
