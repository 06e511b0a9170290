package ensemble.server.store;

/**
 * The one way a Redis URL is shown to anyone: logs, the start banner, {@code /healthz} and error
 * messages. The password of the URL's user-info part becomes {@code ***}; the user name, hosts,
 * port and path stay, so an operator still sees which Redis is meant.
 */
public final class Redacted {
    /** What stands in for a password. */
    public static final String MASK = "***";

    private Redacted() {
    }

    /**
     * {@code url} with its password masked: {@code redis://user:pw@host} becomes
     * {@code redis://user:***@host}, {@code redis://pw@host} becomes {@code redis://***@host}.
     * Null gives an empty string; text without user info is returned as it is.
     */
    public static String url(Object url) {
        if (url == null) {
            return "";
        }
        String text = url.toString();
        int schemeEnd = text.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        // The last '@' ends the user info: a password may itself hold an unescaped '@'.
        int at = text.lastIndexOf('@');
        if (at < start) {
            return text;
        }
        String userInfo = text.substring(start, at);
        int colon = userInfo.indexOf(':');
        String shown = colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK;
        return text.substring(0, start) + shown + text.substring(at);
    }
}
