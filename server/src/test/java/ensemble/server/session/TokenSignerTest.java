package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.v1.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
    private final Clock now = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private final TokenSigner signer = new TokenSigner("a-secret-for-tests", now);

    @Test
    void joinTokenRoundTrips() {
        String token = signer.join("s-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        var verified = signer.verifyJoin(token);
        assertTrue(verified.isOk());
        assertEquals("s-1", verified.value().sessionId());
        assertEquals("trainee", verified.value().role());
        assertEquals(TokenSigner.Kind.PARTICIPANT, verified.value().kind());
    }

    @Test
    void tamperedTokenIsRefused() {
        String token = signer.join("s-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        String other = signer.join("s-1", "facilitator", TokenSigner.Kind.PARTICIPANT, 60);
        String forged = other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'));
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin(forged).error());
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin("garbage").error());
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin("a.b.c").error());
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin("").error());
    }

    @Test
    void tokenOfAnotherSecretIsRefused() {
        String token = new TokenSigner("another-secret", now).join("s-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        assertFalse(signer.verifyJoin(token).isOk());
    }

    @Test
    void expiredTokenSaysSo() {
        String token = signer.join("s-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        TokenSigner later = new TokenSigner("a-secret-for-tests", Clock.offset(now, java.time.Duration.ofSeconds(61)));
        assertEquals(ErrorCode.ERROR_CODE_TOKEN_EXPIRED, later.verifyJoin(token).error());
    }

    @Test
    void resumeAndJoinTokensAreNotInterchangeable() {
        String resume = signer.resume("s-1", "p-1");
        assertTrue(signer.verifyResume(resume).isOk());
        assertFalse(signer.verifyJoin(resume).isOk());
        assertFalse(signer.verifyResume(signer.join("s-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60)).isOk());
    }

    @Test
    void fieldsWithSeparatorsAreRejectedWhenSigning() {
        assertThrows(IllegalArgumentException.class, () -> signer.join("s|1", "trainee", TokenSigner.Kind.PARTICIPANT, 60));
        assertThrows(IllegalArgumentException.class, () -> new TokenSigner("short", now));
    }
}
