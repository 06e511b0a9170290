package ensemble.client.bot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The identities of a run of {@code ./ensemble bots}, kept in a JSON file so that the next run
 * resumes the same participants (same names, roles, held objects) instead of leaving ghosts
 * behind. Written whole on every change (to a temporary file, then moved over the old one), so a
 * run killed mid-write leaves the previous version.
 *
 * @param session the session the identities belong to; a file of another session is not used
 * @param bots    one entry per bot, in the order of their names
 */
public record ResumeFile(String session, List<Identity> bots) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One bot's identity.
     *
     * @param name          its display name
     * @param participantId the server's id for it
     * @param role          its role
     * @param resumeToken   the token of its latest Welcome
     * @param carrying      the entity it holds, or empty
     */
    public record Identity(String name, String participantId, String role, String resumeToken, String carrying) {
        public Identity {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(resumeToken, "resumeToken");
            carrying = carrying == null ? "" : carrying;
        }
    }

    public ResumeFile {
        Objects.requireNonNull(session, "session");
        bots = List.copyOf(bots);
    }

    /** The identities saved for {@code session}, or none when the file is missing or of another session. */
    public static List<Identity> read(Path file, String session) {
        if (!Files.exists(file)) {
            return List.of();
        }
        ResumeFile saved;
        try {
            saved = JSON.readValue(file.toFile(), ResumeFile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr() + ": not a bots resume file: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return saved.session().equals(session) ? saved.bots() : List.of();
    }

    /** Replaces the file with these identities. */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with {@code identity} in place of the entry of the same name (or added). */
    public ResumeFile with(Identity identity) {
        List<Identity> next = new ArrayList<>();
        boolean replaced = false;
        for (Identity bot : bots) {
            if (bot.name().equals(identity.name())) {
                next.add(identity);
                replaced = true;
            } else {
                next.add(bot);
            }
        }
        if (!replaced) {
            next.add(identity);
        }
        return new ResumeFile(session, next);
    }
}
