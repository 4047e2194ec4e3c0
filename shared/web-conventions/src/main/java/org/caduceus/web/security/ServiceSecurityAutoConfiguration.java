package org.caduceus.web.security;

import java.nio.file.Path;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.SigningKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Security of a Caduceus service behind the gateway. A request is authenticated only by
 * the identity token the gateway signs for it ({@link InternalIdentity}); a header that
 * names a user is never trusted. Health probes, metrics and the OpenAPI document are open
 * (the chart's NetworkPolicy keeps them inside the cluster; the launcher binds services
 * to loopback).
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
@ConditionalOnProperty(name = "caduceus.identity.gateway-public-key")
public class ServiceSecurityAutoConfiguration {

	@Bean
	ReactiveJwtDecoder gatewayIdentityDecoder(@Value("${caduceus.identity.gateway-public-key}") Path publicKey,
			@Value("${caduceus.node.id}") String nodeId, @Value("${caduceus.auth.max-token-lifetime:"
					+ PinnedKeyJwtDecoders.DEFAULT_MAX_LIFETIME + "}") java.time.Duration maxLifetime) {
		// the gateway's identity tokens live InternalIdentity.LIFETIME (2 min), well
		// within the cap
		return PinnedKeyJwtDecoders.es256(SigningKey.readPublicKey(publicKey), InternalIdentity.issuer(nodeId),
				InternalIdentity.audience(nodeId), maxLifetime);
	}

	@Bean
	SecurityWebFilterChain serviceSecurity(ServerHttpSecurity http, ReactiveJwtDecoder gatewayIdentityDecoder) {
		return StatelessApi.configure(http)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/v3/api-docs",
						"/v3/api-docs/**")
				.permitAll()
				// metrics count what the node holds and does (incidents, escalations per
				// partner): for the node's operators, not for whoever reaches the port
				.pathMatchers("/actuator/**")
				.hasAuthority(org.caduceus.identity.Role.ADMIN.authority())
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtDecoder(gatewayIdentityDecoder)
					.jwtAuthenticationConverter(new RolesFromClaims(org.caduceus.identity.Role.CLAIM)))
				.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
				.accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied()))
			.build();
	}

}
