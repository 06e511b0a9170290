package ensemble.client.net;

import ensemble.v1.ClientKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a client connects.
 *
 * @param host         server host
 * @param port         control (TCP) and state (UDP) port
 * @param joinToken    signed join token from the console or API
 * @param displayName  shown to others
 * @param kind         desktop, XR, bot or spectator
 * @param useUdp       try the UDP state channel (falls back to TCP when no probe answer comes)
 * @param inputRateHz  inputs sent per second
 * @param lossRate     share of state datagrams dropped on purpose, both ways (tests of packet loss)
 * @param resumeWindow how long to keep trying to resume after a drop
 * @param bootstrap    well-known addresses ("host:port") of the deployment to ask for the session
 *                     after losing its node, besides the nodes it learned (see {@link SessionLocator})
 * @param trust        how the server's TLS certificate is checked (pin, CA) or plain TCP
 */
public record ConnectionOptions(String host, int port, String joinToken, String displayName, ClientKind kind,
        boolean useUdp, int inputRateHz, double lossRate, Duration resumeWindow, List<String> bootstrap,
        ServerTrust trust) {

    public ConnectionOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(joinToken, "joinToken");
        Objects.requireNonNull(trust, "trust");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (inputRateHz < 1 || inputRateHz > 240) {
            throw new IllegalArgumentException("input rate must be 1..240 Hz, was " + inputRateHz);
        }
        if (lossRate < 0 || lossRate >= 1) {
            throw new IllegalArgumentException("loss rate must be in [0, 1), was " + lossRate);
        }
        bootstrap = List.copyOf(bootstrap);
        SessionLocator.requireAddresses(bootstrap);
    }

    /** Options with TLS checked against the JDK's CAs; {@link #withTrust} pins a self-signed server. */
    public static ConnectionOptions of(String host, int port, String joinToken, String displayName, ClientKind kind) {
        return new ConnectionOptions(host, port, joinToken, displayName, kind, true, 60, 0, Duration.ofSeconds(60), List.of(),
                ServerTrust.systemCas());
    }

    public ConnectionOptions withTrust(ServerTrust value) {
        return new ConnectionOptions(host, port, joinToken, displayName, kind, useUdp, inputRateHz, lossRate, resumeWindow,
                bootstrap, value);
    }

    public ConnectionOptions withUdp(boolean value) {
        return new ConnectionOptions(host, port, joinToken, displayName, kind, value, inputRateHz, lossRate, resumeWindow, bootstrap, trust);
    }

    public ConnectionOptions withLoss(double value) {
        return new ConnectionOptions(host, port, joinToken, displayName, kind, useUdp, inputRateHz, value, resumeWindow, bootstrap, trust);
    }

    public ConnectionOptions withInputRate(int value) {
        return new ConnectionOptions(host, port, joinToken, displayName, kind, useUdp, value, lossRate, resumeWindow, bootstrap, trust);
    }

    public ConnectionOptions withBootstrap(List<String> value) {
        return new ConnectionOptions(host, port, joinToken, displayName, kind, useUdp, inputRateHz, lossRate, resumeWindow, value, trust);
    }

    /** The same options for another participant: its own join token and name. */
    public ConnectionOptions withIdentity(String token, String name) {
        return new ConnectionOptions(host, port, token, name, kind, useUdp, inputRateHz, lossRate, resumeWindow, bootstrap, trust);
    }

    public ConnectionOptions withResumeWindow(Duration value) {
        return new ConnectionOptions(host, port, joinToken, displayName, kind, useUdp, inputRateHz, lossRate, value, bootstrap, trust);
    }
}
