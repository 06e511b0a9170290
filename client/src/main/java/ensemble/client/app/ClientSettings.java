package ensemble.client.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Everything a person can set about the desktop client. Values come, in increasing precedence,
 * from the defaults, a config file ({@code key = value} lines, keys as the long command-line
 * options without dashes) and the command line.
 *
 * @param host        server host
 * @param port        server control port
 * @param session     session id
 * @param name        display name
 * @param role        role to join as (null: the scenario's first role)
 * @param token       join token (null: request one from {@code api})
 * @param api         HTTP API base URL
 * @param spectate    join as a spectator: free flight, follow a participant
 * @param width       window width, pixels
 * @param height      window height, pixels
 * @param fullscreen  use the whole screen
 * @param vsync       wait for the display's refresh
 * @param sensitivity mouse sensitivity, 1 = default
 * @param snapTurn    comfort: the mouse turns in steps instead of smoothly
 * @param snapDegrees size of a snap turn, degrees
 * @param fovDegrees  vertical field of view, degrees
 * @param start       where to stand when joining: {x, z, yawDegrees}, or null for near the centre
 * @param assets      folder that glTF model paths are relative to (null: the classpath only)
 * @param pin         pin of the server's self-signed certificate (null: it must be CA-signed)
 * @param tlsCa       PEM file of the CAs to trust instead of the JDK's (null: the JDK's)
 * @param noTls       the server runs with {@code --no-tls} (benchmarks only)
 */
public record ClientSettings(String host, int port, String session, String name, String role, String token,
        String api, boolean spectate, int width, int height, boolean fullscreen, boolean vsync, float sensitivity,
        boolean snapTurn, float snapDegrees, float fovDegrees, float[] start, Path assets, String pin, Path tlsCa,
        boolean noTls) {

    /** The keys a config file may hold. */
    public static final Set<String> KEYS = Set.of("server", "session", "name", "role", "token", "api", "spectate",
            "width", "height", "fullscreen", "vsync", "sensitivity", "snap-turn", "snap-degrees", "fov", "start",
            "assets", "pin", "tls-ca", "no-tls");

    public ClientSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port must be 1..65535, was " + port);
        }
        if (width < 320 || height < 240 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("window size must be at least 320x240, was " + width + "x" + height);
        }
        if (!(sensitivity > 0 && sensitivity <= 20)) {
            throw new IllegalArgumentException("sensitivity must be in (0, 20], was " + sensitivity);
        }
        if (!(snapDegrees >= 5 && snapDegrees <= 180)) {
            throw new IllegalArgumentException("snap-degrees must be 5..180, was " + snapDegrees);
        }
        if (!(fovDegrees >= 30 && fovDegrees <= 120)) {
            throw new IllegalArgumentException("fov must be 30..120 degrees, was " + fovDegrees);
        }
        if (start != null && start.length != 3) {
            throw new IllegalArgumentException("start must be X,Z,YAW");
        }
        start = start == null ? null : start.clone();
        pin = pin == null ? null : ensemble.proto.CertificatePin.check(pin);
    }

    /** How the server's certificate is checked, on the control channel and the API. */
    public ensemble.client.net.ServerTrust trust() {
        return ensemble.client.net.ServerTrust.of(noTls, pin, tlsCa);
    }

    @Override
    public float[] start() {
        return start == null ? null : start.clone();
    }

    /** The defaults, as a config file would spell them. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("server", "localhost:7777");
        d.put("name", System.getProperty("user.name", "Participant"));
        d.put("spectate", "false");
        d.put("width", "1280");
        d.put("height", "720");
        d.put("fullscreen", "false");
        d.put("vsync", "true");
        d.put("sensitivity", "1");
        d.put("snap-turn", "false");
        d.put("snap-degrees", "30");
        d.put("fov", "70");
        return d;
    }

    /** Reads a config file into keys and values; unknown keys are an error that names them. */
    public static Map<String, String> readConfig(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown setting '" + key + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
            values.put(key, properties.getProperty(key).trim());
        }
        return values;
    }

    /** Builds settings from merged values (defaults, then file, then command line). */
    public static ClientSettings from(Map<String, String> values) {
        String server = values.getOrDefault("server", "localhost:7777");
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("server must be HOST:PORT, was " + server);
        }
        String host = server.substring(0, colon);
        int port = integer(values, "server", server.substring(colon + 1));
        String session = values.get("session");
        boolean noTls = bool(values, "no-tls");
        String api = values.getOrDefault("api", (noTls ? "http" : "https") + "://" + host + ":8080");
        return new ClientSettings(host, port, session, values.getOrDefault("name", "Participant"), blankToNull(values.get("role")),
                blankToNull(values.get("token")), api, bool(values, "spectate"),
                integer(values, "width", values.get("width")), integer(values, "height", values.get("height")),
                bool(values, "fullscreen"), bool(values, "vsync"), number(values, "sensitivity"),
                bool(values, "snap-turn"), number(values, "snap-degrees"), number(values, "fov"),
                start(values.get("start")), values.get("assets") == null ? null : Path.of(values.get("assets")),
                blankToNull(values.get("pin")), values.get("tls-ca") == null ? null : Path.of(values.get("tls-ca")), noTls);
    }

    private static float[] start(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("start must be X,Z,YAW (metres, metres, degrees), was " + value);
        }
        float[] start = new float[3];
        for (int i = 0; i < 3; i++) {
            try {
                start[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("start must be X,Z,YAW (numbers), was " + value, e);
            }
        }
        return start;
    }

    private static int integer(Map<String, String> values, String key, String text) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'", e);
        }
    }

    private static float number(Map<String, String> values, String key) {
        String text = values.get(key);
        try {
            return Float.parseFloat(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + text + "'", e);
        }
    }

    private static boolean bool(Map<String, String> values, String key) {
        String text = values.getOrDefault(key, "false").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
