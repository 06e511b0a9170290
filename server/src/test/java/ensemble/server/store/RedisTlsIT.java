package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.net.ServerTrust;
import ensemble.server.tls.CertificateFiles;
import ensemble.server.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against a real redis-server with TLS (Debian's is built with it): the
 * certificate is checked against the given CAs and must name the host of the URL.
 */
class RedisTlsIT {
    @Test
    void redissChecksTheChainAndTheHostName(@TempDir Path dir) throws Exception {
        TestCertificates ca = new TestCertificates();
        CertificateFiles files = ca.issue(dir.resolve("tls"), "localhost");
        SSLSocketFactory trusting = ServerTrust.of(false, null, ca.writeCa(dir.resolve("ca.pem")))
                .jdkContext().getSocketFactory();
        int tlsPort = RedisServerProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"), "--tls-port",
                Integer.toString(tlsPort), "--tls-cert-file", files.certFile().toString(), "--tls-key-file",
                files.keyFile().toString(), "--tls-ca-cert-file", dir.resolve("ca.pem").toString(),
                "--tls-auth-clients", "no")) {
            try (RedisConnection byName = RedisConnection.open(RedisTarget.parse("rediss://localhost:" + tlsPort),
                    Duration.ofSeconds(5), trusting)) {
                assertTrue(byName.ping(), "TLS with a certificate for localhost, trusted CA");
                byName.jedis().set("tls-check", "ok");
                assertEquals("ok", byName.jedis().get("tls-check"));
            }
            try (RedisConnection byAddress = RedisConnection.open(RedisTarget.parse("rediss://127.0.0.1:" + tlsPort),
                    Duration.ofSeconds(5), trusting)) {
                assertFalse(byAddress.ping(), "the certificate names localhost, not 127.0.0.1");
            }
            try (RedisConnection untrusted = RedisConnection.open(RedisTarget.parse("rediss://localhost:" + tlsPort),
                    Duration.ofSeconds(5), ServerTrust.systemCas().jdkContext().getSocketFactory())) {
                assertFalse(untrusted.ping(), "a CA the client does not trust");
            }
            try (RedisConnection plain = RedisConnection.open(RedisTarget.parse("redis://localhost:" + tlsPort),
                    Duration.ofSeconds(5))) {
                assertFalse(plain.ping(), "plain Redis protocol on the TLS port");
            }
        }
    }
}
