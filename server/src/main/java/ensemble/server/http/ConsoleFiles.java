package ensemble.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's page, scripts and styles, from {@code /console/} on the class path. They are
 * read once at start-up (no file reads on an event loop) and served with a Content-Security-Policy
 * that allows only this server's own scripts, styles and connections.
 */
public final class ConsoleFiles {
    /** The files of the console; anything else under {@code /console/} is a 404. */
    static final String[] FILES = {"index.html", "console.css", "console.js", "map.js", "api.js", "analytics.js", "review.js"};
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Map<String, HttpReply> replies = new LinkedHashMap<>();

    public ConsoleFiles() {
        for (String name : FILES) {
            replies.put(name, new HttpReply(HttpResponseStatus.OK, contentType(name), read(name))
                    .withHeader("Content-Security-Policy", CSP)
                    .withHeader("Referrer-Policy", "no-referrer")
                    .withHeader("X-Frame-Options", "DENY"));
        }
    }

    public void register(HttpRoutes routes) {
        routes.get("/", request -> replies.get("index.html"));
        routes.get("/console/{file}", request -> {
            HttpReply reply = replies.get(request.param("file"));
            return reply != null ? reply
                    : HttpReply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no console file " + request.param("file"));
        });
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }
}
