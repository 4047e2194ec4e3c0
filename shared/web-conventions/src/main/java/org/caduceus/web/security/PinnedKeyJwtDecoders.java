package org.caduceus.web.security;

import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import org.caduceus.identity.SigningKey;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * Decoders that accept ES256 tokens signed by one known key, from one issuer, for one
 * audience, within their validity (60 s clock skew), and no longer-lived than a cap
 * ({@code caduceus.auth.max-token-lifetime}, 12 h unless set): a token must carry
 * {@code iat} and {@code exp}, {@code iat} not in the future and {@code exp} at most the
 * cap after it, so that a token minted without an expiry or for years (by an identity
 * provider, or with a leaked key) is refused. Nothing else: no {@code alg} negotiation,
 * no key fetched on the token's say-so.
 */
public final class PinnedKeyJwtDecoders {

	/** The longest lifetime accepted unless configured, as a property value. */
	public static final String DEFAULT_MAX_LIFETIME = "12h";

	/**
	 * What a refused lifetime's error description starts with; the text after it is the
	 * problem's detail.
	 */
	static final String LIFETIME_REFUSED = "token-lifetime: ";

	private static final Duration DEFAULT = Duration.ofHours(12);

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private PinnedKeyJwtDecoders() {
	}

	public static ReactiveJwtDecoder es256(ECPublicKey key, String issuer, String audience) {
		return es256(key, issuer, audience, DEFAULT);
	}

	public static ReactiveJwtDecoder es256(ECPublicKey key, String issuer, String audience, Duration maxLifetime) {
		// the key id must match the token header's kid, or Nimbus selects no key
		JWK jwk = new ECKey.Builder(Curve.P_256, key).keyID(SigningKey.keyIdOf(key)).build();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource((jwt) -> Flux.just(jwk))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		decoder.setJwtValidator(validator(issuer, audience, maxLifetime));
		return new VerifiedTokenCache(decoder, Clock.systemUTC());
	}

	/** Issuer, audience, timestamps and the default lifetime cap. */
	public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
		return validator(issuer, audience, DEFAULT);
	}

	/**
	 * Issuer, audience, timestamps and lifetime: what any Caduceus token must satisfy.
	 */
	public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration maxLifetime) {
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(audience)),
				lifetime(maxLifetime, Clock.systemUTC()));
	}

	static OAuth2TokenValidator<Jwt> lifetime(Duration max, Clock clock) {
		if (max.isNegative() || max.isZero()) {
			throw new IllegalArgumentException("caduceus.auth.max-token-lifetime must be positive, was " + max);
		}
		OAuth2Error refused = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				LIFETIME_REFUSED + "The bearer token must carry iat and exp, iat not in the future and exp at most "
						+ max.toMinutes() + " minutes after it",
				null);
		return (jwt) -> {
			Instant issued = jwt.getIssuedAt();
			Instant expires = jwt.getExpiresAt();
			boolean holds = issued != null && expires != null && !issued.isAfter(clock.instant().plus(CLOCK_SKEW))
					&& !expires.isAfter(issued.plus(max));
			return holds ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(refused);
		};
	}

}
