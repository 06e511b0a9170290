package ensemble.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactedTest {
    @Test
    void passwordsOfEveryUrlFormAreMasked() {
        assertEquals("redis://user:***@db:6379/2", Redacted.url("redis://user:s3cret@db:6379/2"));
        assertEquals("redis://***@db:6379", Redacted.url("redis://s3cret@db:6379"));
        assertEquals("redis://:***@127.0.0.1:6379", Redacted.url(URI.create("redis://:abc123@127.0.0.1:6379")));
        assertEquals("rediss://u:***@h", Redacted.url("rediss://u:p@ss@h"), "a password holding '@' is masked whole");
        assertEquals("redis-sentinel://:***@a:1,b:2/main", Redacted.url("redis-sentinel://:pw@a:1,b:2/main"));
        assertEquals("redis-cluster://a:1,b:2", Redacted.url("redis-cluster://a:1,b:2"));
        assertEquals("redis://db:6379", Redacted.url("redis://db:6379"));
        assertEquals("", Redacted.url(null));
    }

    @Test
    void parseErrorsNeverCarryThePassword() {
        for (String bad : new String[] {"redis://:hunter2secret@a,b", "redis://u:hunter2secret@host/db",
            "redis-sentinel://:hunter2secret@a:1", "redis-cluster://:hunter2secret@a:1/x", "nope://:hunter2secret@a"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> RedisTarget.parse(bad)).getMessage();
            assertFalse(message.contains("hunter2secret"), message);
            assertTrue(message.contains("***"), message);
        }
    }
}
