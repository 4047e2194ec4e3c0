package org.caduceus.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.web.security.PinnedKeyJwtDecoders;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTests {

	private final SigningKey key = SigningKey.generate();

	private final ReactiveJwtDecoder decoder = PinnedKeyJwtDecoders.es256(this.key.publicKey(), "iss", "aud");

	@Test
	void aVerifiedTokenIsServedAgainButAChangedOneIsVerifiedInFull() {
		String token = new TokenMinter(this.key, "iss", "aud", Duration.ofMinutes(5), Clock.systemUTC()).mint("alice",
				Set.of(Role.ANALYST));
		assertThat(this.decoder.decode(token).block().getSubject()).isEqualTo("alice");
		assertThat(this.decoder.decode(token).block().getSubject()).isEqualTo("alice");
		String changed = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
		assertThatThrownBy(() -> this.decoder.decode(changed).block()).isNotNull();
	}

	@Test
	void anExpiredTokenIsNeverServedFromTheCache() {
		Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
		String expired = new TokenMinter(this.key, "iss", "aud", Duration.ofMinutes(1), past).mint("bob",
				Set.of(Role.ANALYST));
		assertThatThrownBy(() -> this.decoder.decode(expired).block()).isInstanceOf(JwtValidationException.class);
	}

	@Test
	void theWrongAudienceIsRefused() {
		String other = new TokenMinter(this.key, "iss", "elsewhere", Duration.ofMinutes(5), Clock.systemUTC())
			.mint("carol", Set.of(Role.ANALYST));
		assertThatThrownBy(() -> this.decoder.decode(other).block()).isInstanceOf(JwtValidationException.class);
	}

}
