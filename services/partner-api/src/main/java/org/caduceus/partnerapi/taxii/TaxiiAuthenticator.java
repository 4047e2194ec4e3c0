package org.caduceus.partnerapi.taxii;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells who calls the TAXII API, from the identity the gateway signed for the request
 * (the service's security has already verified that token; nothing else is trusted): a
 * partner node whose RFC 9421 signature the gateway verified comes with the {@code peer}
 * role and its node id; a local user with their roles; a partner CERT with the
 * {@code partner} role and the API key it presented
 * ({@link InternalIdentity#API_KEY_HEADER}), which this service checks against its own
 * keys. The gateway removes that header from whatever a caller sends, so a key arrives
 * only through the gateway's limits; a request that did not come through the gateway
 * carries no identity token and is refused before it gets here.
 */
@Component
class TaxiiAuthenticator {

	private static final Logger log = LoggerFactory.getLogger(TaxiiAuthenticator.class);

	private final ApiKeys keys;

	TaxiiAuthenticator(ApiKeys keys) {
		this.keys = keys;
	}

	Mono<TaxiiCaller> authenticate(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.ofType(JwtAuthenticationToken.class)
			.switchIfEmpty(Mono.error(() -> unauthorized("no identity from the gateway")))
			.flatMap((identity) -> caller(identity.getToken(),
					exchange.getRequest().getHeaders().getFirst(InternalIdentity.API_KEY_HEADER)));
	}

	private Mono<TaxiiCaller> caller(Jwt identity, @org.jspecify.annotations.Nullable String presentedKey) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		List<String> names = identity.getClaimAsStringList(Role.CLAIM);
		if (names != null) {
			names.forEach((name) -> Role.find(name).ifPresent(roles::add));
		}
		if (roles.contains(Role.PEER)) {
			return Mono.just(TaxiiCaller.node(identity.getSubject()));
		}
		if (roles.contains(Role.PARTNER)) {
			return (presentedKey != null) ? key(presentedKey)
					: Mono.error(() -> unauthorized("no API key came with the partner's identity"));
		}
		roles.removeIf((role) -> !role.isUserRole());
		return Mono.just(TaxiiCaller.user(identity.getSubject(), roles));
	}

	private Mono<TaxiiCaller> key(String presented) {
		try {
			return Mono.just(TaxiiCaller.key(this.keys.check(presented)));
		}
		catch (ApiKeys.Refused ex) {
			log.info("TAXII API key refused: {}", ex.getMessage());
			return Mono.error(unauthorized(ex.getMessage()));
		}
	}

	static TaxiiError unauthorized(String description) {
		return new TaxiiError(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", description);
	}

}
