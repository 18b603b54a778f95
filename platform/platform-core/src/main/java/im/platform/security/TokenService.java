package im.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies the signed session tokens (JWT, HS256). The subject is the user's uuid; the {@code name}
 * claim carries the username so the gateway can stamp frames without a lookup.
 */
public class TokenService {

    /** A token together with what it asserts. */
    public record VerifiedToken(String token, String userUuid, String username, Instant expiresAt) {
    }

    private static final String USERNAME_CLAIM = "name";

    private final TokenProperties properties;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    public TokenService(TokenProperties properties) {
        this(properties, Clock.systemUTC());
    }

    public TokenService(TokenProperties properties, Clock clock) {
        String secret = properties.jwtSecret();
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException(
                    "im.security.jwt-secret (IM_JWT_SECRET) must be set to at least 32 bytes");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable im.security.jwt-secret", e);
        }
        this.properties = properties;
        this.clock = clock;
    }

    public VerifiedToken issue(String userUuid, String username) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(userUuid)
                .claim(USERNAME_CLAIM, username)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
        return new VerifiedToken(jwt.serialize(), userUuid, username, expiresAt);
    }

    /** The token's assertions if its signature, issuer and expiry check out; empty otherwise. */
    public Optional<VerifiedToken> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (expiry == null || !expiry.toInstant().isAfter(clock.instant())
                    || !properties.issuer().equals(claims.getIssuer()) || claims.getSubject() == null) {
                return Optional.empty();
            }
            String username = claims.getStringClaim(USERNAME_CLAIM);
            return Optional.of(new VerifiedToken(token, claims.getSubject(), username == null ? "" : username,
                    expiry.toInstant()));
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }

    public TokenProperties properties() {
        return properties;
    }
}
