package org.caduceus.web.security;

import java.util.List;

import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns the roles in a JWT into Spring authorities. The claim is a dotted path so that
 * OIDC issuers which nest roles work too ({@code roles} for Caduceus tokens,
 * {@code realm_access.roles} for Keycloak). Names that are not Caduceus roles are
 * ignored: a token grants nothing it does not name.
 */
public final class RolesFromClaims implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	private final String path;

	private final @Nullable String serviceIssuerPrefix;

	public RolesFromClaims(String claimPath) {
		this(claimPath, null);
	}

	/**
	 * @param claimPath where the roles are
	 * @param serviceIssuerPrefix a verified token whose issuer starts with this is a
	 * service's token: it carries the role {@code service} and nothing else
	 */
	public RolesFromClaims(String claimPath, @Nullable String serviceIssuerPrefix) {
		this.path = claimPath;
		this.serviceIssuerPrefix = serviceIssuerPrefix;
	}

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		String issuer = String.valueOf(jwt.getClaims().getOrDefault("iss", ""));
		if (this.serviceIssuerPrefix != null && issuer.startsWith(this.serviceIssuerPrefix)) {
			return Mono.just(new JwtAuthenticationToken(jwt,
					List.of(new SimpleGrantedAuthority(Role.SERVICE.authority())), jwt.getSubject()));
		}
		List<GrantedAuthority> authorities = roles(jwt).stream()
			.<GrantedAuthority>map((role) -> new SimpleGrantedAuthority(role.authority()))
			.toList();
		return Mono.just(new JwtAuthenticationToken(jwt, authorities, jwt.getSubject()));
	}

	/**
	 * @return the Caduceus roles named in the token
	 */
	public List<Role> roles(Jwt jwt) {
		// a token's roles claim never grants the service role: only a service's own key
		// does
		return Role.namesAt(jwt.getClaims(), this.path)
			.stream()
			.flatMap((name) -> Role.find(name).stream())
			.filter((role) -> role != Role.SERVICE)
			.distinct()
			.toList();
	}

}
