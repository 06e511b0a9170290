package ensemble.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSecretFileIsItsOneLineWithoutTheLineBreak() throws Exception {
        Files.writeString(dir.resolve("unix"), "s3cret value\n");
        Files.writeString(dir.resolve("dos"), "s3cret value\r\n");
        Files.writeString(dir.resolve("bare"), "s3cret value");
        for (String name : new String[] {"unix", "dos", "bare"}) {
            assertEquals("s3cret value", SecretFiles.read("--secret-file", dir.resolve(name)), name);
        }
    }

    @Test
    void badSecretFilesAreClearErrors() throws Exception {
        Files.writeString(dir.resolve("empty"), "\n");
        Files.writeString(dir.resolve("two"), "one\ntwo\n");
        Files.writeString(dir.resolve("big"), "x".repeat(SecretFiles.MAX_BYTES + 1));
        assertTrue(message("empty").endsWith("is empty"), message("empty"));
        assertTrue(message("two").contains("more than one line"), message("two"));
        assertTrue(message("big").contains("larger than 4096 bytes"), message("big"));
        assertTrue(message("missing").contains("does not exist"), message("missing"));
        assertTrue(message("missing").startsWith("--secret-file "), "names the option");
    }

    private String message(String name) {
        return assertThrows(IllegalArgumentException.class, () -> SecretFiles.read("--secret-file", dir.resolve(name))).getMessage();
    }

    @Test
    void ownerOnlyFilesAndDirectories() throws Exception {
        Path file = SecretFiles.writeOwnerOnly(dir.resolve("pw"), "hidden\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("hidden\n", Files.readString(file));
        Path data = Files.createDirectories(dir.resolve("data/sub"));
        Path inside = Files.writeString(data.resolve("aof"), "x");
        Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rw-r--r--"));
        SecretFiles.ownerOnly(dir.resolve("data"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(inside)));
    }
}
