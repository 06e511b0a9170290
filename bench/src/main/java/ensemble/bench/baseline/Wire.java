package ensemble.bench.baseline;

/** Bytes on the wire for application payloads carried over UDP/IPv4. */
public final class Wire {
    /** UDP header. */
    public static final int UDP_HEADER = 8;
    /** IPv4 header without options. */
    public static final int IPV4_HEADER = 20;
    /** IPv4 payload per fragment on a 1500-byte MTU. */
    static final int FRAGMENT_PAYLOAD = 1480;

    private Wire() {
    }

    /**
     * One datagram of {@code payloadBytes}: + 28 bytes when it fits one packet; a larger datagram is
     * fragmented by IP, and each fragment carries its own 20-byte IPv4 header.
     */
    public static int udpIpv4Bytes(int payloadBytes) {
        int udp = payloadBytes + UDP_HEADER;
        int fragments = Math.max(1, (udp + FRAGMENT_PAYLOAD - 1) / FRAGMENT_PAYLOAD);
        return udp + fragments * IPV4_HEADER;
    }
}
