package org.caduceus.gateway.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The identity tokens the gateway vouches for, for a user or (after a verified federation
 * signature) a partner node. Services accept nothing else. Tokens are reused for the same
 * subject and roles while they have more than half their life left, so signing is not on
 * every request's path.
 */
@Component
public class IdentityTokens {

	private static final int MAX_CACHED = 10_000;

	private final TokenMinter minter;

	private final Clock clock;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	IdentityTokens(@Value("${caduceus.node.id}") String nodeId,
			@Value("${caduceus.gateway.identity-key.private}") Path privateKey,
			@Value("${caduceus.gateway.identity-key.public}") Path publicKey) {
		this.clock = Clock.systemUTC();
		this.minter = new TokenMinter(SigningKey.loadOrCreate(privateKey, publicKey), InternalIdentity.issuer(nodeId),
				InternalIdentity.audience(nodeId), InternalIdentity.LIFETIME, this.clock);
	}

	/**
	 * @return a compact JWT for {@code subject} with {@code roles}
	 */
	public String tokenFor(String subject, Set<Role> roles) {
		String key = subject + "|" + String.join(",", roles.stream().map(Role::claimValue).sorted().toList());
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(key);
		if (cached == null || cached.refreshAfter().isBefore(now)) {
			if (this.cache.size() > MAX_CACHED) {
				this.cache.clear();
			}
			cached = new Cached(this.minter.mint(subject, roles), now.plus(InternalIdentity.LIFETIME.dividedBy(2)));
			this.cache.put(key, cached);
		}
		return cached.token();
	}

	private record Cached(String token, Instant refreshAfter) {
	}

}
