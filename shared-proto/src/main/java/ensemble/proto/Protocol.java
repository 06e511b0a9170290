package ensemble.proto;

/**
 * Constants of the wire protocol that both sides must agree on. The messages themselves live in
 * {@code ensemble.proto} (package {@code ensemble.v1}); see its header for the compatibility rule.
 */
public final class Protocol {
    /** The protocol version this build speaks; a Hello with another version is refused. */
    public static final int VERSION = 1;

    /** Largest control-channel frame body either side accepts, in bytes. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** Largest state-channel datagram either side sends, in bytes (fits a 1280-byte IPv6 MTU). */
    public static final int MAX_DATAGRAM_BYTES = 1200;

    /** Default port of the control (TCP) and state (UDP) channels. */
    public static final int DEFAULT_PORT = 7777;

    /** Default port of the HTTP console and API. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    private Protocol() {
    }
}
