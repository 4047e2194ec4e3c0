package org.caduceus.gateway.taxii;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import org.caduceus.federation.SignatureRejected;
import org.caduceus.gateway.federation.SignedRequests;
import org.caduceus.identity.Role;
import org.caduceus.web.security.RolesFromClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tells who calls the TAXII API, before the request is read any further: a partner node
 * by its RFC 9421 signature (the same checks as federation: pinned key, window, digest,
 * nonce), a partner CERT by its API key (HTTP Basic, the scheme TAXII requires servers to
 * offer, with the key as password; or {@code Authorization: Bearer cdk_...}), a local
 * user by their bearer token.
 */
@Component
class TaxiiAuthenticator {

	private static final Logger log = LoggerFactory.getLogger(TaxiiAuthenticator.class);

	private final SignedRequests signatures;

	private final ApiKeys keys;

	private final ReactiveJwtDecoder userTokens;

	private final RolesFromClaims roles;

	TaxiiAuthenticator(SignedRequests signatures, ApiKeys keys, ReactiveJwtDecoder userTokenDecoder,
			RolesFromClaims roles) {
		this.signatures = signatures;
		this.keys = keys;
		this.userTokens = userTokenDecoder;
		this.roles = roles;
	}

	Mono<TaxiiCaller> authenticate(ServerHttpRequest request, byte[] body) {
		HttpHeaders headers = request.getHeaders();
		if (headers.containsHeader("Signature-Input") || headers.containsHeader("Signature")) {
			return node(request, body);
		}
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || authorization.isBlank()) {
			return Mono.error(unauthorized("no credentials: send an API key (HTTP Basic, the key as password),"
					+ " a bearer token, or an RFC 9421 signature"));
		}
		if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return key(password(authorization.substring(6).strip()));
		}
		if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = authorization.substring(7).strip();
			return token.startsWith(ApiKeys.PREFIX) ? key(token) : user(token);
		}
		return Mono.error(unauthorized("unsupported authorization scheme"));
	}

	private Mono<TaxiiCaller> node(ServerHttpRequest request, byte[] body) {
		return this.signatures.verify(request, body)
			.map((verified) -> TaxiiCaller.node(verified.keyId()))
			.onErrorMap(SignatureRejected.class, (ex) -> {
				log.info("TAXII signature refused: {} ({})", ex.reason(), ex.getMessage());
				return unauthorized("signature refused: " + ex.getMessage());
			});
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

	private Mono<TaxiiCaller> user(String token) {
		return this.userTokens.decode(token).map((jwt) -> {
			Set<Role> userRoles = EnumSet.noneOf(Role.class);
			this.roles.roles(jwt).stream().filter(Role::isUserRole).forEach(userRoles::add);
			return TaxiiCaller.user(jwt.getSubject(), userRoles);
		}).onErrorMap(JwtException.class, (ex) -> unauthorized("bearer token refused"));
	}

	private static String password(String basic) {
		try {
			String decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon >= 0) ? decoded.substring(colon + 1) : decoded;
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

	static TaxiiError unauthorized(String description) {
		return new TaxiiError(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", description);
	}

}
