package ensemble.server.xapi;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hashes that name people in xAPI statements: HMAC-SHA256 under the actor key, hex.
 * An LRS can follow one person across sessions without ever learning who they are.
 */
public final class Pseudonyms {
    private Pseudonyms() {
    }

    /** The account name of a participant in statements made with {@code actorKey}. */
    public static String participant(String actorKey, String participantId) {
        return of(actorKey.getBytes(StandardCharsets.UTF_8), "participant:" + participantId);
    }

    static String of(byte[] key, String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
