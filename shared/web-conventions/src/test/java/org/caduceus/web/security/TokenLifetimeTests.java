package org.caduceus.web.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.caduceus.identity.SigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A correctly signed token for the right issuer and audience is still refused when it
 * lives longer than the cap, carries no {@code exp} or no {@code iat}, or claims to be
 * issued in the future (which would stretch its life past the cap); one within the cap is
 * accepted. The refusal names the cap.
 */
class TokenLifetimeTests {

	static final Instant NOW = Instant.now();

	private final SigningKey key = SigningKey.generate();

	private final ReactiveJwtDecoder decoder = PinnedKeyJwtDecoders.es256(this.key.publicKey(), "iss", "aud",
			Duration.ofHours(12));

	@Test
	void acceptsATokenWithinTheCap() {
		assertThat(this.decoder.decode(token((claims) -> claims)).block().getSubject()).isEqualTo("alice");
		assertThat(this.decoder
			.decode(token((claims) -> claims.expirationTime(Date.from(NOW.minusSeconds(30).plus(Duration.ofHours(12))))
				.issueTime(Date.from(NOW.minusSeconds(30)))))
			.block()
			.getSubject()).isEqualTo("alice");
	}

	@Test
	void refusesATokenWithoutExpiryOrIssueTimeOrLivingLongerThanTheCap() {
		refused(token((claims) -> claims.expirationTime(null)));
		refused(token((claims) -> claims.issueTime(null)));
		refused(token((claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofDays(730))))));
		refused(token((claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofHours(12)).plusSeconds(60)))));
		// issued "in the future" so that exp - iat stays small while exp is years away
		refused(token((claims) -> claims.issueTime(Date.from(NOW.plus(Duration.ofDays(365))))
			.expirationTime(Date.from(NOW.plus(Duration.ofDays(365)).plusSeconds(60)))));
	}

	@Test
	void theDefaultCapIsTwelveHours() {
		ReactiveJwtDecoder defaults = PinnedKeyJwtDecoders.es256(this.key.publicKey(), "iss", "aud");
		assertThat(PinnedKeyJwtDecoders.DEFAULT_MAX_LIFETIME).isEqualTo("12h");
		assertThat(defaults.decode(token((claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofHours(11))))))
			.block()).isNotNull();
		assertThatThrownBy(() -> defaults
			.decode(token((claims) -> claims.expirationTime(Date.from(NOW.plus(Duration.ofHours(13))))))
			.block()).isInstanceOf(JwtValidationException.class);
	}

	private void refused(String token) {
		assertThatThrownBy(() -> this.decoder.decode(token).block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining(PinnedKeyJwtDecoders.LIFETIME_REFUSED
					+ "The bearer token must carry iat and exp, iat not in the future and exp at most 720 minutes"
					+ " after it");
	}

	/** A token of one hour by default, changed by {@code change}. */
	private String token(UnaryOperator<JWTClaimsSet.Builder> change) {
		JWTClaimsSet claims = change
			.apply(new JWTClaimsSet.Builder().issuer("iss")
				.audience(List.of("aud"))
				.subject("alice")
				.issueTime(Date.from(NOW))
				.expirationTime(Date.from(NOW.plus(Duration.ofHours(1)))))
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(this.key.keyId()).build(),
				claims);
		try {
			jwt.sign(new ECDSASigner(this.key.privateKey()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
