package org.caduceus.web.security;

import java.security.interfaces.ECPublicKey;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import org.caduceus.identity.SigningKey;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * Decoders that accept ES256 tokens signed by one known key, from one issuer, for one
 * audience, within their validity (60 s clock skew). Nothing else: no {@code alg}
 * negotiation, no key fetched on the token's say-so.
 */
public final class PinnedKeyJwtDecoders {

	private PinnedKeyJwtDecoders() {
	}

	public static ReactiveJwtDecoder es256(ECPublicKey key, String issuer, String audience) {
		// the key id must match the token header's kid, or Nimbus selects no key
		JWK jwk = new ECKey.Builder(Curve.P_256, key).keyID(SigningKey.keyIdOf(key)).build();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource((jwt) -> Flux.just(jwk))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		decoder.setJwtValidator(validator(issuer, audience));
		return new VerifiedTokenCache(decoder, java.time.Clock.systemUTC());
	}

	/** Issuer, audience and timestamps: what any Caduceus token must satisfy. */
	public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(audience)));
	}

}
