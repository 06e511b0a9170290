package ensemble.server.tls;

import ensemble.proto.CertificatePin;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate chain and the private key of its leaf, read from PEM files: PKCS#8, PKCS#1 (RSA)
 * or SEC1 (EC) keys, unencrypted. Reading checks that the key belongs to the certificate, so a
 * mismatched pair is refused at start or reload with the file names rather than failing every
 * handshake later.
 *
 * @param chain the certificates, leaf first
 * @param key   the leaf's private key
 * @param pin   the leaf's {@link CertificatePin}
 */
public record ServerIdentity(X509Certificate[] chain, PrivateKey key, String pin) {
    private static final Logger log = LoggerFactory.getLogger(ServerIdentity.class);

    /** Reads both files; an {@link IOException} names the file and what is wrong with it. */
    public static ServerIdentity read(CertificateFiles files) throws IOException {
        return parse(files, Files.readString(files.certFile(), StandardCharsets.US_ASCII),
                Files.readString(files.keyFile(), StandardCharsets.US_ASCII));
    }

    /** Parses the PEM texts of {@code files} as read. */
    static ServerIdentity parse(CertificateFiles files, String certPem, String keyPem) throws IOException {
        X509Certificate[] chain = certificates(files.certFile(), certPem);
        PrivateKey key = privateKey(files.keyFile(), keyPem);
        if (!belongTogether(key, chain[0])) {
            throw new IOException("the key in " + files.keyFile() + " does not belong to the certificate in "
                    + files.certFile());
        }
        warnIfReadableByOthers(files.keyFile());
        return new ServerIdentity(chain, key, CertificatePin.of(chain[0]));
    }

    private static X509Certificate[] certificates(Path file, String pem) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + ": not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": no certificate in it (expected -----BEGIN CERTIFICATE-----)");
        }
        return chain.toArray(X509Certificate[]::new);
    }

    private static PrivateKey privateKey(Path file, String pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader text = new StringReader(pem); PEMParser parser = new PEMParser(text)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException(file + ": the key is encrypted; give it unencrypted (openssl pkey -in "
                            + file + " -out server.key) and keep the file 0600");
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a PEM private key: " + e.getMessage(), e);
        }
        throw new IOException(file + ": no private key in it (expected -----BEGIN PRIVATE KEY-----)");
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void warnIfReadableByOthers(Path keyFile) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("{} can be read by other users; chmod 600 it", keyFile);
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot check the permissions of {}: {}", keyFile, e.toString());
        }
    }
}
