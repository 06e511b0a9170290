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
    private final TokenSigner signer = new TokenSigner("a-secret-for-tests-0123456789abcdef", now);

    @Test
    void joinTokenRoundTrips() {
        String token = signer.join("s-1", "g-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        var verified = signer.verifyJoin(token);
        assertTrue(verified.isOk());
        assertEquals("s-1", verified.value().sessionId());
        assertEquals("trainee", verified.value().role());
        assertEquals(TokenSigner.Kind.PARTICIPANT, verified.value().kind());
    }

    @Test
    void tamperedTokenIsRefused() {
        String token = signer.join("s-1", "g-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        String other = signer.join("s-1", "g-1", "facilitator", TokenSigner.Kind.PARTICIPANT, 60);
        String forged = other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'));
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin(forged).error());
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin("garbage").error());
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin("a.b.c").error());
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin("").error());
    }

    @Test
    void tokenOfAnotherSecretIsRefused() {
        String token = new TokenSigner("another-secret-0123456789abcdef-0123", now).join("s-1", "g-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        assertFalse(signer.verifyJoin(token).isOk());
    }

    @Test
    void expiredTokenSaysSo() {
        String token = signer.join("s-1", "g-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        TokenSigner later = new TokenSigner("a-secret-for-tests-0123456789abcdef", Clock.offset(now, java.time.Duration.ofSeconds(61)));
        assertEquals(ErrorCode.ERROR_CODE_TOKEN_EXPIRED, later.verifyJoin(token).error());
    }

    @Test
    void resumeAndJoinTokensAreNotInterchangeable() {
        String resume = signer.resume("s-1", "p-1");
        assertTrue(signer.verifyResume(resume).isOk());
        assertFalse(signer.verifyJoin(resume).isOk());
        assertFalse(signer.verifyResume(signer.join("s-1", "g-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60)).isOk());
    }

    @Test
    void fieldsWithSeparatorsAreRejectedWhenSigning() {
        assertThrows(IllegalArgumentException.class, () -> signer.join("s|1", "g-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60));
        assertThrows(IllegalArgumentException.class, () -> new TokenSigner("short", now));
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedWithTheRule() {
        var error = assertThrows(IllegalArgumentException.class, () -> new TokenSigner("x".repeat(31), now));
        assertTrue(error.getMessage().contains("at least 32 bytes, was 31"), error.getMessage());
        new TokenSigner("x".repeat(32), now);
    }

    @Test
    void aNonCanonicalSpellingOfTheSignatureIsRefused() {
        String token = signer.join("s-1", "g-1", "trainee", TokenSigner.Kind.PARTICIPANT, 60);
        // A 32-byte MAC is 43 base64url characters; the last one carries 4 bits of padding,
        // so a neighbouring character decodes to the same bytes in a lenient decoder.
        char last = token.charAt(token.length() - 1);
        String base = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = base.indexOf(last);
        String variant = token.substring(0, token.length() - 1) + base.charAt(value ^ 1);
        assertEquals(java.util.Arrays.toString(java.util.Base64.getUrlDecoder().decode(token.substring(token.indexOf('.') + 1))),
                java.util.Arrays.toString(java.util.Base64.getUrlDecoder().decode(variant.substring(variant.indexOf('.') + 1))),
                "the variant decodes to the same MAC bytes");
        assertTrue(signer.verifyJoin(token).isOk());
        assertEquals(ErrorCode.ERROR_CODE_BAD_TOKEN, signer.verifyJoin(variant).error());
    }

    @Test
    void joinTokensCarryTheGenerationTheLinkAndItsScope() {
        TokenSigner.JoinToken claims = signer.claims("s-1", "g-7", "trainee", TokenSigner.Kind.PARTICIPANT, 60, true);
        TokenSigner.JoinToken verified = signer.verifyJoin(signer.sign(claims)).value();
        assertEquals(claims, verified);
        assertEquals("g-7", verified.generation());
        assertTrue(verified.personal());
        TokenSigner.JoinToken shared = signer.verifyJoin(signer.join("s-1", "g-7", "trainee", TokenSigner.Kind.PARTICIPANT, 60))
                .value();
        assertFalse(shared.personal());
        assertFalse(shared.linkId().equals(verified.linkId()), "every link has its own id");
    }
}
