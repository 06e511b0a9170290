package ensemble.client.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Asks the server's API for a join token, as a facilitator would hand one out: with the
 * facilitator's login (HTTP Basic). Used by the client and the bots when no token is given.
 */
public final class JoinTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JoinTokens() {
    }

    /**
     * The facilitator password: {@code given} when there is one, else the first line of {@code file}
     * when it exists (a local {@code serve} writes its generated password there), else null.
     */
    public static String password(String given, java.nio.file.Path file) throws java.io.IOException {
        if (given != null && !given.isBlank()) {
            return given;
        }
        if (file == null || !java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        String text = java.nio.file.Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * A join token for {@code role} (null: the scenario's first role; "spectator" for a
     * spectator) in {@code sessionId}.
     */
    public static String request(ServerTrust trust, String apiBase, String sessionId, String role, String user,
            String password) throws Exception {
        String chosen = role;
        if (chosen == null) {
            JsonNode roles = session(trust, apiBase, sessionId, user, password).path("roles");
            chosen = roles.isArray() && roles.size() > 0 ? roles.get(0).path("id").asText() : "trainee";
        }
        HttpResponse<String> response = client(trust).send(HttpRequest.newBuilder(
                URI.create(base(apiBase) + "/api/sessions/" + sessionId + "/tokens"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .header("Authorization", basic(user, password))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("role", chosen)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cannot get a join token: HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** The session as the API describes it: roles with their places, participants, state. */
    public static JsonNode session(ServerTrust trust, String apiBase, String sessionId, String user, String password)
            throws Exception {
        HttpResponse<String> detail = client(trust).send(HttpRequest.newBuilder(URI.create(base(apiBase) + "/api/sessions/" + sessionId))
                .timeout(Duration.ofSeconds(5)).header("Authorization", basic(user, password)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (detail.statusCode() != 200) {
            throw new IllegalStateException("session " + sessionId + ": HTTP " + detail.statusCode() + " " + detail.body());
        }
        return JSON.readTree(detail.body());
    }

    /** An HTTP client that checks the server's certificate as {@code trust} says (pin or CA chain). */
    public static HttpClient client(ServerTrust trust) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        if (trust.tls()) {
            builder.sslContext(trust.jdkContext());
        }
        return builder.build();
    }

    private static String base(String apiBase) {
        return apiBase.replaceAll("/+$", "");
    }

    private static String basic(String user, String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("without a join token the client asks the API for one, which needs the"
                    + " facilitator's login: give --password-file (or --password, ENSEMBLE_CONSOLE_PASSWORD), or pass --token");
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GETs {@code path} from the API with the facilitator's login; the body as bytes. */
    public static byte[] download(ServerTrust trust, String apiBase, String path, String user, String password)
            throws Exception {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("fetching from the API needs the facilitator's login: give --password-file"
                    + " (or --password, ENSEMBLE_CONSOLE_PASSWORD)");
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = client(trust)
                .send(HttpRequest.newBuilder(URI.create(apiBase.replaceAll("/+$", "") + path))
                        .timeout(Duration.ofSeconds(60)).header("Authorization", basic).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " for " + path);
        }
        return response.body();
    }
}
