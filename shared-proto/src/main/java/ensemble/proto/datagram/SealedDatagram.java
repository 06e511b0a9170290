package ensemble.proto.datagram;

import ensemble.proto.Protocol;

/**
 * The layout of a sealed state-channel datagram (AES-256-GCM, {@link #AEAD}):
 *
 * <pre>
 * offset  bytes  field
 *      0      1  kind                ({@link DatagramKind#code()})
 *      1      8  connection id       (big-endian, from Welcome.udp_connection_id)
 *      9      8  sequence            (big-endian, per direction, first datagram 1)
 *     17      n  ciphertext          (the ClientDatagram / ServerDatagram protobuf)
 *   17+n     16  GCM tag
 * </pre>
 *
 * The 17 header bytes are the AEAD's associated data: they travel in clear (the receiver needs
 * them to find the key and check the replay window) but a changed bit fails the tag. The 96-bit
 * nonce is the direction (4 bytes, 0 = client to server, 1 = server to client) followed by the
 * sequence (8 bytes), so it never repeats under one key: each direction counts up on its own.
 */
public final class SealedDatagram {
    public static final int KIND_OFFSET = 0;
    public static final int CONNECTION_ID_OFFSET = 1;
    public static final int SEQ_OFFSET = 9;
    /** Bytes of clear header before the ciphertext. */
    public static final int HEADER_BYTES = 17;
    /** Bytes of the authentication tag after the ciphertext. */
    public static final int TAG_BYTES = 16;
    /** What sealing adds to a payload, in bytes. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;
    /** Largest payload that still fits {@link Protocol#MAX_DATAGRAM_BYTES} once sealed. */
    public static final int MAX_PAYLOAD_BYTES = Protocol.MAX_DATAGRAM_BYTES - OVERHEAD_BYTES;

    /**
     * The AEAD of the format. AES-256-GCM rather than ChaCha20-Poly1305: on JDK 17 the JDK runs GCM
     * on the CPU's AES and carry-less multiply instructions and ChaCha20-Poly1305 in plain Java,
     * which cost 3 to 10 times as much per datagram (docs/performance.md, DatagramSealBenchmark).
     */
    public static final Aead AEAD = Aead.AES_256_GCM;
    static final int NONCE_BYTES = 12;

    private SealedDatagram() {
    }

    /** Writes the nonce for a datagram of {@code direction} with {@code seq} into {@code nonce}. */
    static void nonce(byte[] nonce, DatagramKind.Direction direction, long seq) {
        nonce[0] = 0;
        nonce[1] = 0;
        nonce[2] = 0;
        nonce[3] = (byte) direction.ordinal();
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (seq >>> (56 - 8 * i));
        }
    }
}
