package ensemble.server.xapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Posts statement batches to an LRS's {@code statements} resource (xAPI 1.0.3, Basic auth).
 * Blocking; the publisher's thread only.
 */
final class LrsClient {
    /** Longest a POST may take before it counts as failed (and is retried). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** What became of one batch. */
    enum Outcome {
        /** The LRS stored the statements (200, or 204). */
        ACCEPTED,
        /** The LRS is unreachable, overloaded or failing: send the same batch again later. */
        RETRY,
        /** The LRS refused the batch for good (400, 409, 413): retrying cannot help. */
        REJECTED
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI statements;
    private final String authorization;

    LrsClient(LrsSettings settings) {
        String base = settings.endpoint().toString();
        this.statements = URI.create(base.endsWith("/") ? base + "statements" : base + "/statements");
        this.authorization = settings.user() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.user() + ":" + (settings.password() == null ? "" : settings.password())).getBytes(StandardCharsets.UTF_8));
    }

    Outcome post(List<String> batch) {
        String body = "[" + String.join(",", batch) + "]";
        HttpRequest.Builder request = HttpRequest.newBuilder(statements).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Experience-API-Version", "1.0.3")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return classify(status);
        } catch (IOException e) {
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }

    static Outcome classify(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.ACCEPTED;
        }
        if (status == 400 || status == 409 || status == 413) {
            return Outcome.REJECTED;
        }
        // 401/403 (credentials being rotated), 408, 429, 5xx and anything unexpected: try again later.
        return Outcome.RETRY;
    }

    URI statementsUri() {
        return statements;
    }
}
