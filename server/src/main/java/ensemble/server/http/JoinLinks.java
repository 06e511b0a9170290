package ensemble.server.http;

import java.util.Objects;

/**
 * The join links this node hands out: {@code ensemble://HOST:PORT/sessions/ID?token=T&pin=P},
 * everything a client needs to join and to know it reached this server.
 *
 * @param endpoint "host:port" of the control channel
 * @param pin      the {@linkplain ensemble.proto.CertificatePin pin} of the server's TLS
 *                 certificate, or null without TLS
 */
public record JoinLinks(String endpoint, String pin) {
    public JoinLinks {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The link that joins {@code sessionId} with {@code token}. */
    public String link(String sessionId, String token) {
        return "ensemble://" + endpoint + "/sessions/" + sessionId + "?token=" + token + (pin == null ? "" : "&pin=" + pin);
    }
}
