package ensemble.proto.datagram;

/**
 * What a sealed datagram carries, named by the first byte of its header. Each kind travels in
 * one direction only, so a datagram sealed by one side can never be played back to it as if the
 * other side had sent it (the direction is part of the nonce, the kind part of the AAD).
 * A new kind (voice) is one more constant here, on the same socket and the same key.
 */
public enum DatagramKind {
    /** Client to server: an {@code ensemble.v1.ClientDatagram} (input or probe). */
    CLIENT_STATE(0x01, Direction.CLIENT_TO_SERVER),
    /** Server to client: an {@code ensemble.v1.ServerDatagram} (snapshot or probe answer). */
    SERVER_STATE(0x02, Direction.SERVER_TO_CLIENT);

    /** Which way a datagram travels; part of the nonce, so the two directions never share one. */
    public enum Direction {
        CLIENT_TO_SERVER,
        SERVER_TO_CLIENT
    }

    private static final DatagramKind[] BY_CODE = new DatagramKind[256];

    static {
        for (DatagramKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;
    private final Direction direction;

    DatagramKind(int code, Direction direction) {
        this.code = code;
        this.direction = direction;
    }

    /** The header byte. */
    public int code() {
        return code;
    }

    public Direction direction() {
        return direction;
    }

    /** The kind a header byte names, or null for a byte no kind uses. */
    public static DatagramKind of(int code) {
        return BY_CODE[code & 0xff];
    }
}
