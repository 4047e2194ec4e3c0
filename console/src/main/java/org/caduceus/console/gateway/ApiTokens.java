package org.caduceus.console.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.caduceus.console.session.SignedIn;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;

/**
 * The signed-in user's API token, minted with the node-local user key exactly as
 * {@code ./caduceus token} mints it: the gateway checks it like any other, and every
 * service applies its TLP and role rules to this user. A token lives ten minutes and is
 * reused for five, so a page costs no signature.
 */
public class ApiTokens {

	static final Duration LIFETIME = Duration.ofMinutes(10);

	static final Duration REUSE = Duration.ofMinutes(5);

	private record Minted(String token, Instant at) {
	}

	private final @org.jspecify.annotations.Nullable TokenMinter minter;

	private final Clock clock;

	private final Map<SignedInKey, Minted> minted = new ConcurrentHashMap<>();

	private record SignedInKey(String user, org.caduceus.identity.Role role) {
	}

	public ApiTokens(SigningKey key, String issuer, String audience, Clock clock) {
		this.minter = new TokenMinter(key, issuer, audience, LIFETIME, clock);
		this.clock = clock;
	}

	private ApiTokens(Clock clock) {
		this.minter = null;
		this.clock = clock;
	}

	/**
	 * A console that signs in through an OpenID Connect provider: it mints nothing and
	 * calls the API with the provider's access token of each session only.
	 */
	public static ApiTokens providerOnly(Clock clock) {
		return new ApiTokens(clock);
	}

	public String tokenFor(SignedIn user) {
		if (user.apiToken() != null) {
			return user.apiToken();
		}
		if (this.minter == null) {
			throw new IllegalStateException("a session without the provider's token, and no node-local key");
		}
		Instant now = this.clock.instant();
		SignedInKey key = new SignedInKey(user.user(), user.role());
		Minted current = this.minted.get(key);
		if (current != null && now.isBefore(current.at().plus(REUSE))) {
			return current.token();
		}
		if (this.minted.size() > 10_000) {
			this.minted.clear();
		}
		Minted fresh = new Minted(this.minter.mint(user.user(), Set.of(user.role())), now);
		this.minted.put(key, fresh);
		return fresh.token();
	}

}
