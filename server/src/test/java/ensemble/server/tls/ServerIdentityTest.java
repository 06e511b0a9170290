package ensemble.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.proto.CertificatePin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files as openssl writes them (SEC1 EC, PKCS#1 RSA, PKCS#8) are read, and the pin is openssl's digest. */
class ServerIdentityTest {
    @TempDir
    Path dir;

    @Test
    void readsEcAndRsaKeysInEveryOpensslFormat() throws Exception {
        assertTrue(openssl("version"), "openssl is missing: ./ensemble test installs it (Debian package openssl)");
        check("ec-sec1", List.of("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "KEY"), "BEGIN EC PRIVATE KEY");
        check("rsa-pkcs1", List.of("genrsa", "-traditional", "-out", "KEY", "2048"), "BEGIN RSA PRIVATE KEY");
        check("ec-pkcs8", List.of("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "KEY"),
                "BEGIN PRIVATE KEY");
    }

    private void check(String name, List<String> makeKey, String header) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        assertTrue(openssl(makeKey.stream().map(a -> a.equals("KEY") ? key.toString() : a).toArray(String[]::new)));
        assertTrue(Files.readString(key).contains(header), name + ": " + Files.readString(key));
        assertTrue(openssl("req", "-x509", "-new", "-key", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=localhost"));
        ServerIdentity identity = ServerIdentity.read(new CertificateFiles(cert, key));
        assertEquals(CertificatePin.of(identity.chain()[0]), identity.pin());
        Path der = dir.resolve(name + ".spki");
        assertTrue(openssl("x509", "-in", cert.toString(), "-pubkey", "-noout", "-out", dir.resolve(name + ".pub").toString()));
        assertTrue(openssl("pkey", "-pubin", "-in", dir.resolve(name + ".pub").toString(), "-outform", "der", "-out",
                der.toString()));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(der));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(digest), identity.pin(),
                name + ": the pin is the SHA-256 of the key as openssl encodes it");
    }

    private static boolean openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
