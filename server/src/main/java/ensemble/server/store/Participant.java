package ensemble.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A person in a session, as much as a resume needs: who they are, their role, their score and
 * what they hold. Only a hash of the resume token is stored, so a copy of the database does not
 * let anyone resume as someone else.
 *
 * @param id              participant id (stable for the person; privacy export/forget use it)
 * @param displayName     name shown to others
 * @param role            scenario role id
 * @param resumeTokenHash {@link #hashResumeToken} of the token handed to the client
 * @param score           current score
 * @param heldEntities    entity ids the participant holds, at most {@link #MAX_HELD}
 * @param joinedAtMillis  epoch milliseconds of the first join
 */
public record Participant(String id, String displayName, String role, String resumeTokenHash, long score,
                          List<String> heldEntities, long joinedAtMillis) {

    /** Most entities one participant can hold (two hands, with margin for scenario tools). */
    public static final int MAX_HELD = 16;
    public static final int MAX_NAME_LENGTH = 64;

    public Participant {
        RedisKeys.requireId("participant", id);
        Objects.requireNonNull(displayName, "displayName");
        if (displayName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("display name longer than " + MAX_NAME_LENGTH);
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(resumeTokenHash, "resumeTokenHash");
        heldEntities = List.copyOf(heldEntities);
        if (heldEntities.size() > MAX_HELD) {
            throw new IllegalArgumentException("holds " + heldEntities.size() + " entities, at most " + MAX_HELD);
        }
    }

    /** SHA-256 of a resume token, hex: what the store keeps and looks tokens up by. */
    public static String hashResumeToken(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public Participant withScore(long newScore) {
        return new Participant(id, displayName, role, resumeTokenHash, newScore, heldEntities, joinedAtMillis);
    }

    public Participant withHeld(List<String> held) {
        return new Participant(id, displayName, role, resumeTokenHash, score, held, joinedAtMillis);
    }
}
