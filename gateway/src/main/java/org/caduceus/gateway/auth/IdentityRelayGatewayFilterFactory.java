package org.caduceus.gateway.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.web.problem.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces whatever identity a request claims with one the gateway vouches for. Every
 * inbound header that could name a user or a role is removed, including the caller's own
 * token, and a short-lived ES256 token for the authenticated user is attached instead;
 * services accept nothing else. Tokens are reused for the same user and roles while they
 * have more than half their life left, so signing is not on every request's path.
 */
@Component
public class IdentityRelayGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/** Headers that proxies and frameworks use to pass an identity; none is passed on. */
	static final List<String> IDENTITY_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE,
			"Proxy-Authorization", "X-User", "X-User-Id", "X-User-Name", "X-Roles", "X-Role", "X-Forwarded-User",
			"X-Forwarded-Email", "X-Forwarded-Groups", "X-Forwarded-Preferred-Username", "X-Auth-Request-User",
			"X-Auth-Request-Email", "X-Auth-Request-Groups", "X-Remote-User", "Remote-User", "X-Authenticated-User",
			"X-Caduceus-User", "X-Caduceus-Roles");

	private static final int MAX_CACHED = 10_000;

	private final TokenMinter minter;

	private final Clock clock;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	public IdentityRelayGatewayFilterFactory(@Value("${caduceus.node.id}") String nodeId,
			@Value("${caduceus.gateway.identity-key.private}") Path privateKey,
			@Value("${caduceus.gateway.identity-key.public}") Path publicKey) {
		this.clock = Clock.systemUTC();
		this.minter = new TokenMinter(SigningKey.loadOrCreate(privateKey, publicKey), InternalIdentity.issuer(nodeId),
				InternalIdentity.audience(nodeId), InternalIdentity.LIFETIME, this.clock);
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> exchange.getPrincipal()
			.ofType(JwtAuthenticationToken.class)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((user) -> {
				if (user.isEmpty()) {
					return chain.filter(exchange.mutate().request(stripped(exchange)).build());
				}
				Set<Role> roles = roles(user.get());
				if (roles.isEmpty()) {
					return refuse(exchange);
				}
				String token = tokenFor(user.get().getName(), roles);
				ServerHttpRequest request = exchange.getRequest().mutate().headers((headers) -> {
					IDENTITY_HEADERS.forEach(headers::remove);
					headers.setBearerAuth(token);
				}).build();
				return chain.filter(exchange.mutate().request(request).build());
			});
	}

	private static Set<Role> roles(JwtAuthenticationToken user) {
		Set<Role> roles = new TreeSet<>();
		for (GrantedAuthority authority : user.getAuthorities()) {
			String name = String.valueOf(authority.getAuthority());
			if (name.startsWith("ROLE_")) {
				Role.find(name.substring(5)).ifPresent(roles::add);
			}
		}
		return roles;
	}

	private ServerHttpRequest stripped(ServerWebExchange exchange) {
		return exchange.getRequest().mutate().headers((headers) -> IDENTITY_HEADERS.forEach(headers::remove)).build();
	}

	private Mono<Void> refuse(ServerWebExchange exchange) {
		return Problems.write(exchange,
				Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "The token carries no Caduceus role"));
	}

	private String tokenFor(String user, Set<Role> roles) {
		String key = user + "|" + String.join(",", roles.stream().map(Role::claimValue).toList());
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(key);
		if (cached == null || cached.refreshAfter().isBefore(now)) {
			if (this.cache.size() > MAX_CACHED) {
				this.cache.clear();
			}
			cached = new Cached(this.minter.mint(user, roles), now.plus(InternalIdentity.LIFETIME.dividedBy(2)));
			this.cache.put(key, cached);
		}
		return cached.token();
	}

	@Override
	public String name() {
		return "IdentityRelay";
	}

	private record Cached(String token, Instant refreshAfter) {
	}

}
