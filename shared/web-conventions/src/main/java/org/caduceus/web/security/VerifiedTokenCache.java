package org.caduceus.web.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens whose signature and claims were already verified, keyed by the exact
 * token text, until they expire. A client sends the same token for hours, and an ECDSA
 * verification costs more than the rest of a small request; a token that differs in any
 * byte is a different key and is verified in full. Bounded: when full, it starts over.
 */
public final class VerifiedTokenCache implements ReactiveJwtDecoder {

	private static final int MAX_ENTRIES = 10_000;

	private final ReactiveJwtDecoder delegate;

	private final Clock clock;

	private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

	public VerifiedTokenCache(ReactiveJwtDecoder delegate, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = this.verified.get(token);
		if (known != null) {
			Instant expiresAt = known.getExpiresAt();
			if (expiresAt != null && this.clock.instant().isBefore(expiresAt)) {
				return Mono.just(known);
			}
			this.verified.remove(token);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> {
			if (jwt.getExpiresAt() != null) {
				if (this.verified.size() >= MAX_ENTRIES) {
					this.verified.clear();
				}
				this.verified.put(token, jwt);
			}
		});
	}

}
