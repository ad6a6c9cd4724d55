package io.seqline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.seqline.common.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final TokenService tokens = new TokenService(
            new JwtProperties(SECRET, "seqline", Duration.ofHours(24), Duration.ofDays(30)), clock);

    private void assertRefused(String token, String why) {
        assertThatThrownBy(() -> tokens.verify(token)).as(why)
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.UNAUTHENTICATED));
    }

    @Test
    void anIssuedTokenVerifiesToItsUser() {
        assertThat(tokens.verify(tokens.issue("alice", Duration.ZERO).token())).isEqualTo("alice");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        assertRefused(JWT.create().withIssuer("seqline").withSubject("alice").withExpiresAt(NOW.plusSeconds(60))
                .sign(Algorithm.HMAC256("another-secret-that-is-long-enough-too")), "wrong signature");
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String body = b64("{\"iss\":\"seqline\",\"sub\":\"alice\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}");
        assertRefused(header + "." + body + ".", "alg none");
    }

    @Test
    void aTokenWithAnotherAlgorithmIsRefused() throws Exception {
        assertRefused(JWT.create().withIssuer("seqline").withSubject("alice").withExpiresAt(NOW.plusSeconds(60))
                .sign(Algorithm.HMAC512(SECRET)), "HS512 with the same secret");
        var pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertRefused(JWT.create().withIssuer("seqline").withSubject("alice").withExpiresAt(NOW.plusSeconds(60))
                .sign(Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate())), "RS256");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() {
        Algorithm hs256 = Algorithm.HMAC256(SECRET);
        assertRefused(JWT.create().withIssuer("seqline").withSubject("alice").withExpiresAt(NOW.minusSeconds(60))
                .sign(hs256), "expired");
        assertRefused(JWT.create().withIssuer("seqline").withSubject("alice").withExpiresAt(NOW.plusSeconds(3600))
                .withNotBefore(NOW.plusSeconds(600)).sign(hs256), "not yet valid");
    }

    @Test
    void tokensMissingClaimsOrFromAnotherIssuerAreRefused() {
        Algorithm hs256 = Algorithm.HMAC256(SECRET);
        assertRefused(JWT.create().withIssuer("seqline").withExpiresAt(NOW.plusSeconds(60)).sign(hs256), "no sub");
        assertRefused(JWT.create().withIssuer("seqline").withSubject("alice").sign(hs256), "no exp");
        assertRefused(JWT.create().withIssuer("someone-else").withSubject("alice").withExpiresAt(NOW.plusSeconds(60))
                .sign(hs256), "other issuer");
        assertRefused(JWT.create().withIssuer("seqline").withSubject("bad id!").withExpiresAt(NOW.plusSeconds(60))
                .sign(hs256), "invalid user id");
        assertRefused("not-a-jwt", "garbage");
    }

    @Test
    void issuingRefusesBadUsersAndTtls() {
        assertThatThrownBy(() -> tokens.issue("bad id", Duration.ZERO)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> tokens.issue("alice", Duration.ofDays(31))).isInstanceOf(DomainException.class);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
