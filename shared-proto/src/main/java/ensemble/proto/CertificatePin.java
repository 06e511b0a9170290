package ensemble.proto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The pin of a server's TLS certificate, as join links and the {@code serve} banner carry it:
 * the SHA-256 of the certificate's public key (its DER SubjectPublicKeyInfo), URL-safe Base64
 * without padding, 43 characters. Pinning the key rather than the whole certificate lets a
 * certificate be renewed with the same key without breaking the links already handed out;
 * it is the digest Chromium's {@code --ignore-certificate-errors-spki-list} and HPKP use.
 */
public final class CertificatePin {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private CertificatePin() {
    }

    /** The pin of {@code certificate}'s public key. */
    public static String of(X509Certificate certificate) {
        return of(certificate.getPublicKey());
    }

    /** The pin of {@code key}. */
    public static String of(PublicKey key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(key.getEncoded()));
    }

    /** The same digest in standard Base64 with padding (Chromium's SPKI list, {@code openssl ... | base64}). */
    public static String toStandardBase64(String pin) {
        return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(check(pin)));
    }

    /**
     * {@code pin} when it is well formed (standard Base64 with padding is accepted too and
     * converted), else an {@link IllegalArgumentException} that says what a pin looks like.
     */
    public static String check(String pin) {
        String value = pin == null ? "" : pin.trim();
        if (value.startsWith("sha256/")) {
            value = value.substring("sha256/".length());
        }
        value = value.replace('+', '-').replace('/', '_');
        if (value.endsWith("=")) {
            value = value.substring(0, value.length() - 1);
        }
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a certificate pin is the SHA-256 of the server's public key in URL-safe"
                    + " Base64, 43 characters (the serve banner prints it), was '" + pin + "'");
        }
        return value;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
