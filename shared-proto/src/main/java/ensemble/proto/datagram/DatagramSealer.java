package ensemble.proto.datagram;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * Seals payloads into datagrams of the {@link SealedDatagram} format, each with the link's next
 * sequence. Keeps one JDK cipher and reuses it; not thread-safe: one sealer per thread.
 */
public final class DatagramSealer {
    private final Cipher cipher = SealedDatagram.newCipher();
    private final byte[] header = new byte[SealedDatagram.HEADER_BYTES];
    private final byte[] nonce = new byte[SealedDatagram.NONCE_BYTES];

    /**
     * Seals the remaining bytes of {@code payload} (at most {@link SealedDatagram#MAX_PAYLOAD_BYTES})
     * into a new direct buffer from {@code alloc}, ready to send; the caller owns the buffer.
     */
    public ByteBuf seal(DatagramKind kind, DatagramLink link, ByteBuffer payload, ByteBufAllocator alloc) {
        int size = payload.remaining() + SealedDatagram.OVERHEAD_BYTES;
        ByteBuf buffer = alloc.directBuffer(size, size);
        try {
            seal(kind, link, payload, buffer.internalNioBuffer(0, size));
            return buffer.writerIndex(size);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
    }

    /** Seals the remaining bytes of {@code payload} into {@code out} at its position; returns the bytes written. */
    public int seal(DatagramKind kind, DatagramLink link, ByteBuffer payload, ByteBuffer out) {
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
        int start = out.position();
        out.put(header);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, link.key(), new IvParameterSpec(nonce));
            cipher.updateAAD(header);
            cipher.doFinal(payload, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a datagram failed", e);
        }
        return out.position() - start;
    }

    private static void putLong(byte[] into, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            into[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
