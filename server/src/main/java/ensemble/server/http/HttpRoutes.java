package ensemble.server.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP routing table: method plus path template ({@code /api/sessions/{id}}) to a handler.
 * Handlers run on a Netty event loop and must not block; what needs Redis or a session answers
 * through the asynchronous form.
 */
public final class HttpRoutes {

    /** A request as a route sees it: the raw request, the path parameters, and the client's address. */
    public record Request(FullHttpRequest raw, Map<String, String> params, String path, Map<String, List<String>> query,
            InetAddress from) {
        public String param(String name) {
            return params.get(name);
        }

        public String queryParam(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /**
         * The body as a JSON object (an empty one when there is no body).
         *
         * @throws IllegalArgumentException when the body is not a JSON object (a bad request)
         */
        public com.fasterxml.jackson.databind.JsonNode jsonBody() {
            String text = raw.content().toString(java.nio.charset.StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return HttpReply.JSON.createObjectNode();
            }
            try {
                com.fasterxml.jackson.databind.JsonNode node = HttpReply.JSON.readTree(text);
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("request body must be a JSON object");
                }
                return node;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    @FunctionalInterface
    public interface Handler {
        HttpReply handle(Request request) throws Exception;
    }

    /** A handler whose answer comes later (for example from a session's tick thread). */
    @FunctionalInterface
    public interface AsyncHandler {
        java.util.concurrent.CompletionStage<HttpReply> handle(Request request) throws Exception;
    }

    /**
     * @param uploadType null for a route that takes JSON within the default body limit; else the
     *                   media type of the larger upload it takes from an authenticated facilitator
     */
    private record Route(HttpMethod method, Pattern pattern, List<String> names, AsyncHandler handler, String uploadType) {
    }

    /** The route found for a request (with its upload media type, if it takes one), or why none was. */
    public record Match(AsyncHandler handler, Map<String, String> params, HttpResponseStatus failure, String uploadType) {
    }

    private final List<Route> routes = new ArrayList<>();

    public HttpRoutes add(HttpMethod method, String template, Handler handler) {
        return addAsync(method, template,
                request -> java.util.concurrent.CompletableFuture.completedFuture(handler.handle(request)));
    }

    public HttpRoutes addAsync(HttpMethod method, String template, AsyncHandler handler) {
        return route(method, template, handler, null);
    }

    /**
     * A route whose body is a file of {@code mediaType} (not JSON) that may be as large as the
     * upload limit rather than the default body limit, when a facilitator sends it. The
     * {@link RequestGate} enforces both before any byte of the body is kept.
     */
    public HttpRoutes upload(HttpMethod method, String template, String mediaType, AsyncHandler handler) {
        return route(method, template, handler, mediaType);
    }

    private HttpRoutes route(HttpMethod method, String template, AsyncHandler handler, String uploadType) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([a-zA-Z]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler, uploadType));
        return this;
    }

    public HttpRoutes get(String template, Handler handler) {
        return add(HttpMethod.GET, template, handler);
    }

    public HttpRoutes post(String template, Handler handler) {
        return add(HttpMethod.POST, template, handler);
    }

    public HttpRoutes delete(String template, Handler handler) {
        return add(HttpMethod.DELETE, template, handler);
    }

    Match match(HttpMethod method, String path) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (route.method.equals(method) || (method.equals(HttpMethod.HEAD) && route.method.equals(HttpMethod.GET))) {
                Map<String, String> params = new java.util.HashMap<>();
                for (int i = 0; i < route.names.size(); i++) {
                    params.put(route.names.get(i), m.group(i + 1));
                }
                return new Match(route.handler, params, null, route.uploadType);
            }
        }
        return new Match(null, Map.of(), pathKnown ? HttpResponseStatus.METHOD_NOT_ALLOWED : HttpResponseStatus.NOT_FOUND,
                null);
    }
}
