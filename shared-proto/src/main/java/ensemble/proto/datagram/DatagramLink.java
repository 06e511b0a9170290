package ensemble.proto.datagram;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One end of a sealed state channel: the 256-bit key and the connection id the server handed
 * over in {@code Welcome}, the sequence of the datagrams this end sends, and the replay window of
 * those it receives. A resume makes a new link (new key, new id); nothing carries over.
 *
 * <p>Threads: {@link #nextSendSeq()} is safe from any thread; the replay window belongs to the
 * one thread that opens this link's datagrams (see {@link DatagramOpener}).
 */
public final class DatagramLink {
    /** Length of the key, in bytes (256 bits). */
    public static final int KEY_BYTES = 32;

    private final long connectionId;
    /** The key for each {@link Aead}, by ordinal (the JDK's ciphers want keys named for them). */
    private final SecretKey[] keys = new SecretKey[Aead.values().length];
    private final AtomicLong sendSeq;
    private final ReplayWindow received;

    /** A link with a key of {@link #KEY_BYTES} bytes; the first datagram either end sends has sequence 1. */
    public DatagramLink(long connectionId, byte[] key) {
        this(connectionId, key, 0, new ReplayWindow());
    }

    DatagramLink(long connectionId, byte[] key, long lastSentSeq, ReplayWindow received) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a datagram key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.connectionId = connectionId;
        for (Aead aead : Aead.values()) {
            keys[aead.ordinal()] = new SecretKeySpec(key, aead.keyAlgorithm());
        }
        this.sendSeq = new AtomicLong(lastSentSeq);
        this.received = received;
    }

    /** A fresh link with a random key and a random connection id, as the server makes one per Welcome. */
    public static DatagramLink generate(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return new DatagramLink(random.nextLong(), key);
    }

    public long connectionId() {
        return connectionId;
    }

    /** The key's bytes, to hand over in {@code Welcome}. */
    public byte[] keyBytes() {
        return keys[0].getEncoded();
    }

    SecretKey key(Aead aead) {
        return keys[aead.ordinal()];
    }

    ReplayWindow received() {
        return received;
    }

    /**
     * The sequence of the next datagram to send. A 64-bit counter never wraps in practice (2^64
     * datagrams); if it ever would, the link refuses rather than reuse a nonce.
     */
    long nextSendSeq() {
        long seq = sendSeq.incrementAndGet();
        if (seq == 0) {
            throw new IllegalStateException("datagram sequence exhausted on connection " + Long.toHexString(connectionId));
        }
        return seq;
    }
}
