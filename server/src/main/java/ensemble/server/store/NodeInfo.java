package ensemble.server.store;

import java.util.Objects;

/**
 * A server node as other nodes and clients need to know it: where to send a client whose session
 * it hosts.
 *
 * @param nodeId          node id
 * @param publicHost      host clients reach it at
 * @param controlPort     TCP control (and UDP state) port
 * @param httpPort        console and API port
 * @param heartbeatMillis epoch milliseconds of its last heartbeat
 */
public record NodeInfo(String nodeId, String publicHost, int controlPort, int httpPort, long heartbeatMillis) {
    public NodeInfo {
        RedisKeys.requireId("node", nodeId);
        Objects.requireNonNull(publicHost, "publicHost");
    }
}
