package ensemble.server.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * Where Redis is and how it is deployed, parsed from one URL:
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]} (or {@code rediss://} for TLS): one server;</li>
 *   <li>{@code redis-sentinel://[user:password@]host:port,host:port/masterName}: Sentinel, which
 *       names the current master of {@code masterName};</li>
 *   <li>{@code redis-cluster://[user:password@]host:port,host:port}: Redis Cluster, any reachable
 *       seed nodes (the client discovers the rest).</li>
 * </ul>
 * A URL that is not one of these gets an {@link IllegalArgumentException} saying what is wrong
 * and showing the accepted forms.
 */
public sealed interface RedisTarget {

    int DEFAULT_PORT = 6379;
    int DEFAULT_SENTINEL_PORT = 26379;

    String FORMS = "redis://host:port[/db], rediss://host:port, "
            + "redis-sentinel://host:port[,host:port...]/masterName, redis-cluster://host:port[,host:port...]";

    /** Credentials from the URL's user-info part; both null when there is none. */
    record Credentials(String user, String password) {
        static final Credentials NONE = new Credentials(null, null);

        @Override
        public String toString() {
            return user == null && password == null ? "none" : "user=" + user + ", password=***";
        }
    }

    /** One Redis server. */
    record Standalone(HostAndPort node, int database, boolean tls, Credentials credentials) implements RedisTarget {
        public Standalone {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(credentials, "credentials");
        }

        @Override
        public String describe() {
            return (tls ? "rediss://" : "redis://") + node + (database == 0 ? "" : "/" + database);
        }

        @Override
        public String mode() {
            return "standalone";
        }
    }

    /** A master found through Sentinel. */
    record Sentinel(List<HostAndPort> sentinels, String masterName, Credentials credentials) implements RedisTarget {
        public Sentinel {
            sentinels = List.copyOf(sentinels);
            Objects.requireNonNull(masterName, "masterName");
            Objects.requireNonNull(credentials, "credentials");
        }

        @Override
        public String describe() {
            return "redis-sentinel://" + join(sentinels) + "/" + masterName;
        }

        @Override
        public String mode() {
            return "sentinel";
        }
    }

    /** A Redis Cluster reached through some of its nodes. */
    record Cluster(List<HostAndPort> seeds, Credentials credentials) implements RedisTarget {
        public Cluster {
            seeds = List.copyOf(seeds);
            Objects.requireNonNull(credentials, "credentials");
        }

        @Override
        public String describe() {
            return "redis-cluster://" + join(seeds);
        }

        @Override
        public String mode() {
            return "cluster";
        }
    }

    /** Parses a Redis URL; see the type's documentation for the accepted forms. */
    public static RedisTarget parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Redis URL is empty; expected one of " + FORMS);
        }
        String trimmed = url.strip();
        String shown = Redacted.url(trimmed); // error messages never carry the password
        int schemeEnd = trimmed.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("Redis URL '" + shown + "' has no scheme; expected one of " + FORMS);
        }
        String scheme = trimmed.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        String rest = trimmed.substring(schemeEnd + 3);
        Credentials credentials = Credentials.NONE;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            credentials = credentials(rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        String hosts = rest;
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            hosts = rest.substring(0, slash);
            path = rest.substring(slash + 1);
        }
        switch (scheme) {
            case "redis", "rediss" -> {
                List<HostAndPort> nodes = nodes(shown, hosts, DEFAULT_PORT);
                if (nodes.size() != 1) {
                    throw new IllegalArgumentException("Redis URL '" + shown + "' names " + nodes.size()
                            + " hosts; a redis:// URL names one (use redis-sentinel:// or redis-cluster:// for several)");
                }
                return new Standalone(nodes.get(0), database(shown, path), "rediss".equals(scheme), credentials);
            }
            case "redis-sentinel" -> {
                List<HostAndPort> nodes = nodes(shown, hosts, DEFAULT_SENTINEL_PORT);
                if (path.isEmpty() || path.contains("/")) {
                    throw new IllegalArgumentException("Redis URL '" + shown
                            + "' needs the master name as its path: redis-sentinel://host:port,host:port/masterName");
                }
                return new Sentinel(nodes, path, credentials);
            }
            case "redis-cluster" -> {
                if (!path.isEmpty()) {
                    throw new IllegalArgumentException("Redis URL '" + shown
                            + "' has a path; a cluster has no database number or name: redis-cluster://host:port,host:port");
                }
                return new Cluster(nodes(shown, hosts, DEFAULT_PORT), credentials);
            }
            default -> throw new IllegalArgumentException("Redis URL '" + shown + "' has unknown scheme '" + scheme
                    + "'; expected one of " + FORMS);
        }
    }

    private static Credentials credentials(String userInfo) {
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            // redis://secret@host is the common shorthand for a password without a user name.
            return new Credentials(null, decode(userInfo));
        }
        String user = userInfo.substring(0, colon);
        return new Credentials(user.isEmpty() ? null : decode(user), decode(userInfo.substring(colon + 1)));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static List<HostAndPort> nodes(String url, String hosts, int defaultPort) {
        if (hosts.isBlank()) {
            throw new IllegalArgumentException("Redis URL '" + url + "' names no host; expected one of " + FORMS);
        }
        List<HostAndPort> nodes = new ArrayList<>();
        for (String part : hosts.split(",", -1)) {
            nodes.add(node(url, part.strip(), defaultPort));
        }
        return nodes;
    }

    private static HostAndPort node(String url, String hostPort, int defaultPort) {
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException("Redis URL '" + url + "' has an empty host in its host list");
        }
        try {
            // URI does the work for IPv6 literals ([::1]:6379) and ports.
            URI uri = new URI("redis://" + hostPort);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("Redis URL '" + url + "' has an invalid host '" + hostPort + "'");
            }
            int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Redis URL '" + url + "' has port " + port + " out of 1..65535");
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                throw new IllegalArgumentException("Redis URL '" + url + "' has an invalid host '" + hostPort + "'");
            }
            return new HostAndPort(uri.getHost(), port);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redis URL '" + url + "' has an invalid host:port '" + hostPort + "'", e);
        }
    }

    private static int database(String url, String path) {
        if (path.isEmpty()) {
            return 0;
        }
        try {
            int db = Integer.parseInt(path);
            if (db < 0) {
                throw new NumberFormatException();
            }
            return db;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Redis URL '" + url + "' has path '/" + path
                    + "'; a redis:// path is a database number such as /0");
        }
    }

    /** The URL's credentials (for logging: the password is never printed). */
    Credentials credentials();

    /** A short form for logs and {@code /healthz}: scheme and hosts, never a password. */
    String describe();

    /** Mode name: standalone, sentinel or cluster. */
    String mode();

    private static String join(List<HostAndPort> nodes) {
        return String.join(",", nodes.stream().map(HostAndPort::toString).toList());
    }

    /** Parses an optional URL: empty when none is given. */
    static Optional<RedisTarget> parseOptional(String url) {
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(parse(url));
    }
}
