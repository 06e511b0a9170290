package ensemble.server.store;

import java.util.List;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What Redis's replies to one pipelined write mean for it: stored, refused for good (lease lost,
 * a damaged key), or "try again later" (Redis loading its data after a restart, a cluster
 * resharding or failing over, a replica promoted by Sentinel).
 */
final class WriteReplies {
    /** Error prefixes that say Redis cannot take writes right now, not that the write is wrong. */
    private static final List<String> TRANSIENT = List.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MOVED", "ASK",
            "READONLY", "MASTERDOWN", "NOREPLICAS", "OOM");

    private WriteReplies() {
    }

    /** The outcome of one write from its replies; null when the error is one to retry. */
    static WriteOutcome outcomeOf(List<Response<?>> replies) {
        for (Response<?> reply : replies) {
            try {
                reply.get();
            } catch (JedisDataException e) {
                String message = String.valueOf(e.getMessage());
                if (message.startsWith(StoreScripts.LEASE_ERROR)) {
                    return new WriteOutcome(WriteOutcome.Status.LEASE_LOST, message);
                }
                if (isTransient(message)) {
                    return null;
                }
                return new WriteOutcome(WriteOutcome.Status.FAILED, message);
            }
        }
        return WriteOutcome.STORED;
    }

    static String firstError(List<Response<?>> replies) {
        for (Response<?> reply : replies) {
            try {
                reply.get();
            } catch (JedisDataException e) {
                return e.getMessage();
            }
        }
        return "";
    }

    static boolean isTransient(String message) {
        for (String prefix : TRANSIENT) {
            if (message.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
