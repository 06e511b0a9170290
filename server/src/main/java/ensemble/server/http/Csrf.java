package ensemble.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.net.URI;
import java.util.Locale;

/**
 * The defence against cross-site request forgery, for the requests that change something
 * (POST, PUT, PATCH, DELETE). Checked on the request head, before the body is read:
 * <ol>
 *   <li>{@code Sec-Fetch-Site}, when present, must be {@code same-origin} or {@code none};</li>
 *   <li>{@code Origin}, when present, must name this server (scheme's host and port = {@code Host});</li>
 *   <li>a request whose only credential is the console cookie must carry one of the two (every
 *       browser sends them on such requests); a request with an {@code Authorization} header, or
 *       with no credential, may go without, since a browser never adds that header on its own;</li>
 *   <li>the body's {@code Content-Type} must be {@code application/json}, or the media type of an
 *       upload route. A page on another site can send {@code text/plain}, form and multipart
 *       bodies without asking, but not these. A DELETE without a body needs no type.</li>
 * </ol>
 * The cookie is also {@code SameSite=Strict}; these checks keep their word for browsers and
 * sibling sites that do not honour it.
 */
final class Csrf {
    static final String JSON = "application/json";

    private Csrf() {
    }

    static boolean stateChanging(HttpMethod method) {
        return method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)
                || method.equals(HttpMethod.DELETE);
    }

    /**
     * Why a state-changing request is refused, or null when it may proceed.
     *
     * @param uploadType the media type the route takes instead of JSON, or null
     */
    static HttpReply refusal(HttpRequest request, String uploadType) {
        HttpHeaders headers = request.headers();
        String site = headers.get("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return forbidden("cross_site", "Sec-Fetch-Site is " + site
                    + "; this server takes changes only from its own pages or from scripts");
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin != null && !sameOrigin(origin, headers.get(HttpHeaderNames.HOST))) {
            return forbidden("cross_origin", "Origin " + clip(origin) + " is not this server; it takes changes "
                    + "only from its own pages or from scripts");
        }
        if (origin == null && site == null && !headers.contains(HttpHeaderNames.AUTHORIZATION)
                && ConsoleAuth.cookieToken(headers) != null) {
            return forbidden("origin_required", "a request signed in by the console cookie must carry Origin "
                    + "or Sec-Fetch-Site; scripts send Authorization: Bearer instead");
        }
        boolean body = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
        if (!body && request.method().equals(HttpMethod.DELETE)) {
            return null;
        }
        String wanted = uploadType != null ? uploadType : JSON;
        String type = mediaType(headers.get(HttpHeaderNames.CONTENT_TYPE));
        if (!wanted.equals(type)) {
            return HttpReply.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    request.method() + " needs Content-Type: " + wanted + (type == null ? "" : ", was " + clip(type)));
        }
        return null;
    }

    /** True without an Origin, or when the Origin's host and port are those of {@code Host}. */
    static boolean sameOrigin(HttpHeaders headers) {
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        return origin == null || sameOrigin(origin, headers.get(HttpHeaderNames.HOST));
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        if (defaultPort < 0 || uri.getHost() == null) {
            return false; // "null", file: and the like are never this server
        }
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String hostName = host;
        int hostPort = defaultPort;
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            hostName = host.substring(0, colon);
            try {
                hostPort = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return hostPort == originPort && hostName.equalsIgnoreCase(uri.getHost());
    }

    /** The media type of a Content-Type value without its parameters, lower case; null when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static HttpReply forbidden(String code, String message) {
        return HttpReply.error(HttpResponseStatus.FORBIDDEN, code, message);
    }

    private static String clip(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
