package ensemble.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A private CA and the certificates it signs, as PEM files, for tests of CA-signed servers. */
public final class TestCertificates {
    private final KeyPair caKey;
    private final X509CertificateHolder ca;

    public TestCertificates() throws Exception {
        caKey = newKey();
        X500Name name = new X500Name("CN=Ensemble test CA");
        ca = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(30))), name, caKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
    }

    /** Writes the CA certificate to {@code file}. */
    public Path writeCa(Path file) throws IOException {
        write(file, pem(ca));
        return file;
    }

    /** A leaf for the DNS name {@code host}, signed by the CA: chain (leaf, CA) and key in {@code dir}. */
    public CertificateFiles issue(Path dir, String host) throws Exception {
        KeyPair key = newKey();
        X509CertificateHolder leaf = new JcaX509v3CertificateBuilder(ca.getSubject(), BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                new X500Name("CN=" + host), key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, host)))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
        Files.createDirectories(dir);
        CertificateFiles files = new CertificateFiles(dir.resolve("chain.pem"), dir.resolve("key.pem"));
        write(files.keyFile(), pem(new JcaPKCS8Generator(key.getPrivate(), null)));
        write(files.certFile(), pem(leaf) + pem(ca));
        return files;
    }

    /** Replaces {@code target}'s files with {@code source}'s, each in one atomic move, as a renewal tool does. */
    public static void renew(CertificateFiles source, CertificateFiles target) throws IOException {
        for (Path[] pair : new Path[][] {{source.keyFile(), target.keyFile()}, {source.certFile(), target.certFile()}}) {
            Path temp = pair[1].resolveSibling(pair[1].getFileName() + ".new");
            Files.copy(pair[0], temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, pair[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static KeyPair newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
