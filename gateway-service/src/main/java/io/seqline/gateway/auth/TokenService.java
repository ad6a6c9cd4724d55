package io.seqline.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * Issues and verifies client JWTs (HS256 only: {@code alg: none} and other algorithms are refused by the
 * verifier). The user id is the {@code sub} claim; {@code exp} is required.
 */
@Service
public class TokenService {

    /** An issued token and when it expires. */
    public record Issued(String token, Instant expiresAt) {
    }

    private final Algorithm algorithm;
    private final JwtProperties properties;
    private final Clock clock;
    private final JWTVerifier verifier;

    public TokenService(JwtProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.algorithm = Algorithm.HMAC256(properties.secret());
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withIssuer(properties.issuer())
                .withClaimPresence("sub")
                .withClaimPresence("exp")
                .acceptLeeway(5))
                .build(clock);
    }

    /** A token for {@code userId}; a zero ttl means the configured default. */
    public Issued issue(String userId, Duration ttl) {
        String problem = ConversationIds.userIdProblem("userId", userId);
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
        Duration effective = ttl.isZero() ? properties.defaultTtl() : ttl;
        if (effective.isNegative() || effective.compareTo(properties.maxTtl()) > 0) {
            throw DomainException.invalid("ttl: " + effective.toSeconds() + "s (expected: 1.." + properties.maxTtl().toSeconds() + "s)");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(effective);
        String token = JWT.create()
                .withIssuer(properties.issuer())
                .withSubject(userId)
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .sign(algorithm);
        return new Issued(token, expiresAt);
    }

    /** The user id of a valid token; a clear refusal otherwise. */
    public String verify(String token) {
        try {
            String subject = verifier.verify(token).getSubject();
            if (!ConversationIds.isValidId(subject)) {
                throw new DomainException(DomainException.Kind.UNAUTHENTICATED, "token subject is not a valid user id");
            }
            return subject;
        } catch (JWTVerificationException e) {
            throw new DomainException(DomainException.Kind.UNAUTHENTICATED, "invalid token: " + e.getMessage());
        }
    }
}
