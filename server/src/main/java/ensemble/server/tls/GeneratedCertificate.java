package ensemble.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own certificate when none is given: an ECDSA P-256 key and a self-signed
 * certificate for {@code localhost}, the loopback addresses and the names the node is reached
 * at, made once in a directory and reused on every later start (so pins handed out stay valid).
 * The key file is created 0600 before anything is written to it; both files are moved into
 * place atomically, the certificate last, so a crash never leaves a half-written pair.
 */
public final class GeneratedCertificate {
    public static final String CERT_FILE = "server.crt";
    public static final String KEY_FILE = "server.key";
    /** Clients pin the key, not the dates; the validity only has to outlast the deployment. */
    static final Duration VALIDITY = Duration.ofDays(5 * 365);

    private static final Logger log = LoggerFactory.getLogger(GeneratedCertificate.class);

    private GeneratedCertificate() {
    }

    /**
     * The certificate files in {@code dir}, made now if neither exists. {@code names} are host
     * names or IP addresses put in the certificate besides localhost and the loopback addresses.
     */
    public static CertificateFiles ensure(Path dir, List<String> names) throws IOException {
        CertificateFiles files = new CertificateFiles(dir.resolve(CERT_FILE), dir.resolve(KEY_FILE));
        boolean cert = Files.exists(files.certFile());
        boolean key = Files.exists(files.keyFile());
        if (cert && key) {
            return files;
        }
        if (cert || key) {
            throw new IOException("only one of " + files.certFile() + " and " + files.keyFile()
                    + " exists; delete the other one too to make a new self-signed certificate");
        }
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        KeyPair pair = newKeyPair();
        String certPem = pem(selfSign(pair, names));
        String keyPem = pem(new JcaPKCS8Generator(pair.getPrivate(), null)); // BEGIN PRIVATE KEY, as openssl writes
        writePrivate(files.keyFile(), keyPem);
        writeAtomically(files.certFile(), certPem);
        log.info("made a self-signed TLS certificate in {}", dir);
        return files;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has EC P-256", e);
        }
    }

    private static X509CertificateHolder selfSign(KeyPair pair, List<String> names) throws IOException {
        Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        all.addAll(names);
        try {
            all.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            log.debug("no local host name for the certificate: {}", e.toString());
        }
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : all) {
            if (name == null || name.isBlank() || "0.0.0.0".equals(name)) {
                continue;
            }
            boolean ip = name.contains(":") || name.matches("[0-9.]+");
            alternatives.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=Ensemble server (self-signed)");
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        try {
            return new JcaX509v3CertificateBuilder(subject, new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(alternatives.toArray(GeneralName[]::new)))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with EC P-256", e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    /** Writes a file only its owner can read, from the first byte on. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        write(temp, text);
        moveInPlace(temp, file);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        write(temp, text);
        moveInPlace(temp, file);
    }

    private static void write(Path file, String text) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            writer.write(text);
        }
    }

    private static void moveInPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(from);
            throw new IOException(to + " appeared while it was being made (two servers share one data directory?)", e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            log.debug("{} is not on a POSIX file system; its permissions are left as they are", path);
        }
    }
}
