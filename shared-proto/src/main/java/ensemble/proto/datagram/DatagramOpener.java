package ensemble.proto.datagram;

import ensemble.proto.Protocol;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.function.LongFunction;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Opens sealed datagrams arriving in one direction: checks the size and kind, finds the link by
 * connection id, refuses replayed and too-old sequences before any cryptography, authenticates
 * and decrypts, and only then records the sequence in the link's replay window. Anything wrong
 * is a {@link Rejection}, never an exception: the input is whatever the network sent.
 *
 * <p>Not thread-safe: one opener per thread, and a link's datagrams are opened by one thread.
 */
public final class DatagramOpener {
    /** What {@link #open} gives: the opened datagram or why it was refused. */
    public sealed interface Result permits Opened, Rejection {
    }

    /**
     * An authenticated datagram. {@code newest} is true when no datagram with a later sequence
     * arrived before it (a reordered one is false). {@code payload} is the plaintext, valid only
     * until the opener's next {@link #open}.
     */
    public record Opened(DatagramKind kind, DatagramLink link, long seq, boolean newest, ByteBuffer payload)
            implements Result {
    }

    private final DatagramKind.Direction accepts;
    private final LongFunction<DatagramLink> links;
    private final Aead aead;
    private final Cipher cipher;
    private final byte[] nonce = new byte[SealedDatagram.NONCE_BYTES];
    private final byte[] header = new byte[SealedDatagram.HEADER_BYTES];
    // The JDK ciphers are at their fastest on arrays (their ByteBuffer paths copy in chunks anyway).
    private final byte[] sealed = new byte[Protocol.MAX_DATAGRAM_BYTES];
    private final byte[] plaintext = new byte[Protocol.MAX_DATAGRAM_BYTES];

    /**
     * An opener for datagrams travelling {@code accepts}; {@code links} names the link of a
     * connection id, or null when there is none.
     */
    public DatagramOpener(DatagramKind.Direction accepts, LongFunction<DatagramLink> links) {
        this(accepts, links, SealedDatagram.AEAD);
    }

    /** An opener with another AEAD than the format's: for measuring only. */
    public DatagramOpener(DatagramKind.Direction accepts, LongFunction<DatagramLink> links, Aead aead) {
        this.accepts = accepts;
        this.links = links;
        this.aead = aead;
        this.cipher = aead.newCipher();
    }

    /** Opens the remaining bytes of {@code datagram} (its position and limit are left as they were). */
    public Result open(ByteBuffer datagram) {
        int start = datagram.position();
        int length = datagram.remaining();
        if (length < SealedDatagram.OVERHEAD_BYTES) {
            return Rejection.TOO_SHORT;
        }
        if (length > Protocol.MAX_DATAGRAM_BYTES) {
            return Rejection.TOO_LONG;
        }
        DatagramKind kind = DatagramKind.of(datagram.get(start + SealedDatagram.KIND_OFFSET));
        if (kind == null) {
            return Rejection.UNKNOWN_KIND;
        }
        if (kind.direction() != accepts) {
            return Rejection.WRONG_DIRECTION;
        }
        DatagramLink link = links.apply(datagram.getLong(start + SealedDatagram.CONNECTION_ID_OFFSET));
        if (link == null) {
            return Rejection.UNKNOWN_CONNECTION;
        }
        long seq = datagram.getLong(start + SealedDatagram.SEQ_OFFSET);
        switch (link.received().check(seq)) {
            case REPLAYED -> {
                return Rejection.REPLAYED;
            }
            case TOO_OLD -> {
                return Rejection.TOO_OLD;
            }
            default -> {
            }
        }
        SealedDatagram.nonce(nonce, kind.direction(), seq);
        // Arrays, not ByteBuffers: the JDK 17 ChaCha20 cipher even mis-authenticates AAD given as a ByteBuffer.
        datagram.get(start, header);
        int sealedLength = length - SealedDatagram.HEADER_BYTES;
        datagram.get(start + SealedDatagram.HEADER_BYTES, sealed, 0, sealedLength);
        int n;
        try {
            init(link);
            cipher.updateAAD(header);
            n = cipher.doFinal(sealed, 0, sealedLength, plaintext, 0);
        } catch (AEADBadTagException e) {
            return Rejection.BAD_TAG;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening a datagram of " + length + " bytes failed", e);
        }
        boolean newest = link.received().accept(seq);
        return new Opened(kind, link, seq, newest, ByteBuffer.wrap(plaintext, 0, n).asReadOnlyBuffer());
    }

    /**
     * Initialises the cipher for the nonce in {@link #nonce}. The JDK 17 ChaCha20 cipher refuses the
     * key and nonce of its previous initialisation even to decrypt (a forged datagram followed by the real
     * one with the same sequence): it is first set to another nonce, which no datagram uses.
     */
    private void init(DatagramLink link) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, link.key(aead), aead.nonce(nonce));
        } catch (InvalidKeyException sameAsBefore) {
            nonce[0] = (byte) 0xff;
            cipher.init(Cipher.DECRYPT_MODE, link.key(aead), aead.nonce(nonce));
            nonce[0] = 0;
            cipher.init(Cipher.DECRYPT_MODE, link.key(aead), aead.nonce(nonce));
        }
    }
}
