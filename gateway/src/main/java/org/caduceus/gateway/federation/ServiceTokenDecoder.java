package org.caduceus.gateway.federation;

import java.util.Map;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Accepts the token of a node's own service: signed by that service's pinned key, with
 * its issuer, for this gateway, naming the service as subject. Each service has its own
 * key, so one service cannot pass for another.
 */
class ServiceTokenDecoder implements ReactiveJwtDecoder {

	private final Map<String, ReactiveJwtDecoder> byService;

	ServiceTokenDecoder(Map<String, ReactiveJwtDecoder> byService) {
		this.byService = Map.copyOf(byService);
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		return Flux.fromIterable(this.byService.entrySet())
			.concatMap((entry) -> entry.getValue()
				.decode(token)
				.filter((jwt) -> entry.getKey().equals(jwt.getSubject()))
				.onErrorResume(JwtException.class, (ex) -> Mono.empty()))
			.next()
			.switchIfEmpty(Mono.error(() -> new BadJwtException("not a token of this node's services")));
	}

}
