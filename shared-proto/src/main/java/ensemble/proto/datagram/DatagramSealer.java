package ensemble.proto.datagram;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Seals payloads into datagrams of the {@link SealedDatagram} format, each with the link's next
 * sequence. Keeps one JDK cipher and reuses it; not thread-safe: one sealer per thread.
 */
public final class DatagramSealer {
    private final Aead aead;
    private final Cipher cipher;
    private final byte[] header = new byte[SealedDatagram.HEADER_BYTES];
    private final byte[] nonce = new byte[SealedDatagram.NONCE_BYTES];
    // The JDK ciphers are at their fastest on arrays (their ByteBuffer paths copy in chunks anyway).
    private final byte[] plaintext = new byte[SealedDatagram.MAX_PAYLOAD_BYTES];
    private final byte[] sealed = new byte[SealedDatagram.MAX_PAYLOAD_BYTES + SealedDatagram.TAG_BYTES];

    /** A sealer for the format's AEAD ({@link SealedDatagram#AEAD}). */
    public DatagramSealer() {
        this(SealedDatagram.AEAD);
    }

    /** A sealer with another AEAD: for measuring only, the other end would not open it. */
    public DatagramSealer(Aead aead) {
        this.aead = aead;
        this.cipher = aead.newCipher();
    }

    /**
     * Seals the remaining bytes of {@code payload} (at most {@link SealedDatagram#MAX_PAYLOAD_BYTES})
     * into a new direct buffer from {@code alloc}, ready to send; the caller owns the buffer.
     */
    public ByteBuf seal(DatagramKind kind, DatagramLink link, ByteBuffer payload, ByteBufAllocator alloc) {
        int n = encrypt(kind, link, payload);
        return alloc.directBuffer(SealedDatagram.HEADER_BYTES + n).writeBytes(header).writeBytes(sealed, 0, n);
    }

    /** Seals the remaining bytes of {@code payload} into {@code out} at its position; returns the bytes written. */
    public int seal(DatagramKind kind, DatagramLink link, ByteBuffer payload, ByteBuffer out) {
        int n = encrypt(kind, link, payload);
        out.put(header).put(sealed, 0, n);
        return SealedDatagram.HEADER_BYTES + n;
    }

    /** Fills {@link #header} and puts the ciphertext and tag in {@link #sealed}; returns their length. */
    private int encrypt(DatagramKind kind, DatagramLink link, ByteBuffer payload) {
        int length = payload.remaining();
        if (length > SealedDatagram.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a datagram payload of " + length + " bytes exceeds "
                    + SealedDatagram.MAX_PAYLOAD_BYTES);
        }
        long seq = link.nextSendSeq();
        header[SealedDatagram.KIND_OFFSET] = (byte) kind.code();
        putLong(header, SealedDatagram.CONNECTION_ID_OFFSET, link.connectionId());
        putLong(header, SealedDatagram.SEQ_OFFSET, seq);
        SealedDatagram.nonce(nonce, kind.direction(), seq);
        payload.get(plaintext, 0, length);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, link.key(aead), aead.nonce(nonce));
            cipher.updateAAD(header);
            return cipher.doFinal(plaintext, 0, length, sealed, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a datagram failed", e);
        }
    }

    private static void putLong(byte[] into, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            into[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
