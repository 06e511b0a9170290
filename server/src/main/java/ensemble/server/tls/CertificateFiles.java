package ensemble.server.tls;

import java.nio.file.Path;

/** Where a certificate chain and its private key are kept, both PEM. */
public record CertificateFiles(Path certFile, Path keyFile) {
}
