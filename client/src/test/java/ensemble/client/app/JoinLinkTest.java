package ensemble.client.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JoinLinkTest {
    @Test
    void aConsoleLinkGivesServerSessionAndToken() {
        JoinLink link = JoinLink.parse("ensemble://10.1.2.3:7777/sessions/drill-1?token=abc.DEF_-");
        assertEquals("10.1.2.3:7777", link.server());
        assertEquals("drill-1", link.session());
        assertEquals("abc.DEF_-", link.token());
    }

    @Test
    void badLinksSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JoinLink.parse("http://h:1/sessions/s?token=t"))
                .getMessage().contains("ensemble://"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JoinLink.parse("ensemble://h/sessions/s?token=t"))
                .getMessage().contains("host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JoinLink.parse("ensemble://h:1/x?token=t"))
                .getMessage().contains("session"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JoinLink.parse("ensemble://h:1/sessions/s"))
                .getMessage().contains("token"));
    }
}
