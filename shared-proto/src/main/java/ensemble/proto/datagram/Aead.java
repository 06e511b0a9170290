package ensemble.proto.datagram;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The AEADs from the JDK that fit the {@link SealedDatagram} format: 256-bit key, 96-bit nonce,
 * 128-bit tag. The format uses {@link SealedDatagram#AEAD}; the other stays here so the
 * benchmark can compare them on the machine at hand (see docs/performance.md).
 */
public enum Aead {
    /** RFC 8439. Pure Java in JDK 17 (no intrinsics before JDK 20). */
    CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20"),
    /** NIST SP 800-38D; the JDK runs it on the CPU's AES and carry-less multiply instructions. */
    AES_256_GCM("AES/GCM/NoPadding", "AES");

    private final String transformation;
    private final String keyAlgorithm;

    Aead(String transformation, String keyAlgorithm) {
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
    }

    String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** A cipher of this AEAD; every JDK since 11 has both, so a missing one is a broken runtime. */
    Cipher newCipher() {
        try {
            return Cipher.getInstance(transformation);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no " + transformation, e);
        }
    }

    AlgorithmParameterSpec nonce(byte[] nonce) {
        return this == AES_256_GCM ? new GCMParameterSpec(SealedDatagram.TAG_BYTES * 8, nonce) : new IvParameterSpec(nonce);
    }
}
