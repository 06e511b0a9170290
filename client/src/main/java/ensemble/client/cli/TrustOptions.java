package ensemble.client.cli;

import ensemble.client.net.ServerTrust;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command that talks to the server checks its TLS certificate (a picocli mixin). */
public final class TrustOptions {
    @Option(names = "--pin", defaultValue = "${env:ENSEMBLE_PIN}",
            description = "Pin of the server's self-signed TLS certificate, as its banner prints it (env ENSEMBLE_PIN)."
                    + " Without it the certificate must be signed by a trusted CA.")
    String pin;

    @Option(names = "--tls-ca", description = "PEM file of the CA certificates to trust instead of the JDK's.")
    Path tlsCa;

    @Option(names = "--no-tls", description = "The server runs with --no-tls (benchmarks only): plain TCP and HTTP.")
    boolean noTls;

    public ServerTrust trust() {
        return ServerTrust.of(noTls, pin, tlsCa);
    }

    /** The pin given, or null. */
    public String pin() {
        return pin;
    }

    /** The CA file given, or null. */
    public Path tlsCa() {
        return tlsCa;
    }

    public boolean noTls() {
        return noTls;
    }
}
