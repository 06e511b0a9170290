package ensemble.client.app;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A join link as the console hands it out: {@code ensemble://HOST:PORT/sessions/ID?token=T&pin=P}.
 *
 * @param server "host:port" of the control channel
 * @param pin    the {@linkplain ensemble.proto.CertificatePin pin} of the server's certificate, or
 *               null when the link has none (a CA-signed server, or a server without TLS)
 */
public record JoinLink(String server, String session, String token, String pin) {

    /** Parses a link; says exactly what is wrong with a bad one. */
    public static JoinLink parse(String link) {
        URI uri;
        try {
            uri = URI.create(link.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a join link: " + e.getMessage());
        }
        if (!"ensemble".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a join link starts with ensemble://, was " + link);
        }
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("the join link names no host:port: " + link);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.matches("/sessions/[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("the join link names no session (/sessions/ID): " + link);
        }
        String token = null;
        String pin = null;
        if (uri.getRawQuery() != null) {
            for (String part : uri.getRawQuery().split("&")) {
                if (part.startsWith("token=")) {
                    token = URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8);
                } else if (part.startsWith("pin=")) {
                    pin = ensemble.proto.CertificatePin.check(URLDecoder.decode(part.substring(4), StandardCharsets.UTF_8));
                }
            }
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the join link carries no token: " + link);
        }
        return new JoinLink(uri.getHost() + ":" + uri.getPort(), path.substring("/sessions/".length()), token, pin);
    }
}
