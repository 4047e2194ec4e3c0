package org.caduceus.console.session;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderTokensTests {

	private static final ProviderTokens TOKENS = new ProviderTokens("eyJhbGciOiJSUzI1NiJ9.access.signature",
			"refresh-token-value", "eyJhbGciOiJSUzI1NiJ9.id.signature", Instant.parse("2026-12-07T12:00:00Z"));

	@Test
	void opensWithTheCookieItWasSealedWith() {
		ProviderTokens.Sealed sealed = TOKENS.seal("the-cookie");
		assertThat(sealed.open("the-cookie")).isEqualTo(TOKENS);
		assertThat(sealed.box()).doesNotContain("access", "refresh-token-value", "eyJ");
	}

	@Test
	void doesNotOpenWithAnotherCookieNorWhenTamperedWith() {
		ProviderTokens.Sealed sealed = TOKENS.seal("the-cookie");
		assertThatThrownBy(() -> sealed.open("another-cookie")).isInstanceOf(IllegalStateException.class);
		byte[] box = java.util.Base64.getDecoder().decode(sealed.box());
		box[box.length - 1] ^= 1;
		ProviderTokens.Sealed tampered = new ProviderTokens.Sealed(java.util.Base64.getEncoder().encodeToString(box),
				sealed.accessExpiresAt());
		assertThatThrownBy(() -> tampered.open("the-cookie")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void keepsAnAbsentRefreshAndIdTokenAbsent() {
		ProviderTokens bare = new ProviderTokens("access", null, null, Instant.EPOCH);
		assertThat(bare.seal("c").open("c")).isEqualTo(bare);
		// the same tokens sealed twice differ: a fresh nonce each time
		assertThat(bare.seal("c").box()).isNotEqualTo(bare.seal("c").box());
	}

	@Test
	void refusesATokenWithALineBreak() {
		assertThatThrownBy(() -> new ProviderTokens("a\nb", null, null, Instant.EPOCH))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
