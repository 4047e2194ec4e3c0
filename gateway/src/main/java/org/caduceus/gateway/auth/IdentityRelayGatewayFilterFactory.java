package org.caduceus.gateway.auth;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.web.problem.Problems;
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
 * have more than half their life left ({@link IdentityTokens}). A user token that claims
 * the {@code peer} role does not pass it on: only a verified federation signature makes a
 * caller a peer.
 */
@Component
public class IdentityRelayGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/** Headers that proxies and frameworks use to pass an identity; none is passed on. */
	public static final List<String> IDENTITY_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE,
			"Proxy-Authorization", "X-User", "X-User-Id", "X-User-Name", "X-Roles", "X-Role", "X-Forwarded-User",
			"X-Forwarded-Email", "X-Forwarded-Groups", "X-Forwarded-Preferred-Username", "X-Auth-Request-User",
			"X-Auth-Request-Email", "X-Auth-Request-Groups", "X-Remote-User", "Remote-User", "X-Authenticated-User",
			"X-Caduceus-User", "X-Caduceus-Roles", InternalIdentity.API_KEY_HEADER, InternalIdentity.PUBLIC_URL_HEADER);

	/**
	 * The exchange attribute under which a route's own filter leaves a caller it verified
	 * itself before this filter runs (TAXII: signature, API key or user token), for this
	 * filter to relay.
	 */
	public static final String VERIFIED_CALLER = IdentityRelayGatewayFilterFactory.class.getName() + ".verified";

	/**
	 * A caller a route's filter verified: the identity token the gateway signed for it,
	 * and what else the service is to receive from the gateway alone.
	 *
	 * @param token the identity token
	 * @param headers headers set by the gateway (any the caller sent are removed first)
	 */
	public record VerifiedCaller(String token, java.util.Map<String, String> headers) {

		public VerifiedCaller {
			headers = java.util.Map.copyOf(headers);
		}

	}

	/**
	 * Route metadata of an upstream that signs its users in itself (the console): its
	 * session cookie is passed on, every other identity header is removed, and no
	 * identity token is attached.
	 */
	public static final String SIGNS_IN_ITSELF = "signs-in-itself";

	/**
	 * What the gateway saw of the browser, for an upstream that signs its users in itself
	 * (the console records the address of each sign-in, and marks its cookie Secure over
	 * TLS); whatever a client sent under these names is replaced.
	 */
	public static final String CLIENT_ADDRESS = "X-Caduceus-Client-Address";

	public static final String CLIENT_SCHEME = "X-Caduceus-Client-Scheme";

	private final IdentityTokens tokens;

	public IdentityRelayGatewayFilterFactory(IdentityTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> {
			org.springframework.cloud.gateway.route.Route route = exchange
				.getAttribute(org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
			if (route != null && "true".equals(String.valueOf(route.getMetadata().get(SIGNS_IN_ITSELF)))) {
				// the console: its session cookie is its users' identity; nothing else
				// passes, and only the gateway says what it saw of the browser
				java.net.InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
				String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
						: "unknown";
				String scheme = exchange.getRequest().getURI().getScheme();
				return chain.filter(exchange.mutate().request(exchange.getRequest().mutate().headers((headers) -> {
					IDENTITY_HEADERS.stream()
						.filter((header) -> !header.equals(HttpHeaders.COOKIE))
						.forEach(headers::remove);
					headers.set(CLIENT_ADDRESS, address);
					headers.set(CLIENT_SCHEME, (scheme != null) ? scheme : "http");
				}).build()).build());
			}
			VerifiedCaller verified = exchange.getAttribute(VERIFIED_CALLER);
			return (verified != null) ? chain.filter(exchange.mutate().request(relayed(exchange, verified)).build())
					: relayUser(exchange, chain);
		};
	}

	private static ServerHttpRequest relayed(ServerWebExchange exchange, VerifiedCaller verified) {
		return exchange.getRequest().mutate().headers((headers) -> {
			IDENTITY_HEADERS.forEach(headers::remove);
			headers.setBearerAuth(verified.token());
			verified.headers().forEach(headers::set);
		}).build();
	}

	private Mono<Void> relayUser(ServerWebExchange exchange,
			org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
		return exchange.getPrincipal()
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
				String token = this.tokens.tokenFor(user.get().getName(), roles);
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
				Role.findUserRole(name.substring(5)).ifPresent(roles::add);
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

	@Override
	public String name() {
		return "IdentityRelay";
	}

}
