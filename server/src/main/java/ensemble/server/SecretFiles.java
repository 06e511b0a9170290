package ensemble.server;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Secrets kept in files rather than on a command line (where {@code ps} shows them to every local
 * user): reading a secret given as {@code --secret-file} and the like, and writing files and
 * directories that only their owner can read. Where the file system has no POSIX permissions the
 * owner-only part is left to the directory's own rights.
 */
public final class SecretFiles {
    /** Largest secret file read: a secret is a line, not a document. */
    static final int MAX_BYTES = 4096;

    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {
    }

    /**
     * The secret in {@code file}: its text without the trailing line break (a file written by
     * {@code echo} or an editor ends with one). {@code what} names the option for the error, e.g.
     * {@code --secret-file}. An unreadable, empty, oversized or multi-line file is a clear error.
     */
    public static String read(String what, Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(what + " " + file + " is larger than " + MAX_BYTES
                        + " bytes; it should hold the secret on one line");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " " + file + " is not UTF-8 text");
        }
        String secret = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + " is empty");
        }
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " " + file + " has more than one line; it should hold only the secret");
        }
        return secret;
    }

    /** Writes {@code text} to a file only its owner can read; the file is owner-only before the text is in it. */
    public static Path writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        if (posix(file.toAbsolutePath().getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Makes {@code dir} 0700 and everything already under it 0700 (directories) or 0600 (files). */
    public static void ownerOnly(Path dir) throws IOException {
        if (!posix(dir)) {
            return;
        }
        Files.setPosixFilePermissions(dir, OWNER_DIR);
        try (var walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (!path.equals(dir) && !Files.isSymbolicLink(path)) {
                    Files.setPosixFilePermissions(path, Files.isDirectory(path) ? OWNER_DIR : OWNER_FILE);
                }
            }
        }
    }

    private static boolean posix(Path dir) throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView("posix");
    }
}
