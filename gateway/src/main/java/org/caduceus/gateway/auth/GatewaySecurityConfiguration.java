package org.caduceus.gateway.auth;

import java.time.Clock;
import java.time.Duration;

import org.caduceus.identity.SigningKey;
import org.caduceus.web.security.PinnedKeyJwtDecoders;
import org.caduceus.web.security.ProblemAuthenticationHandlers;
import org.caduceus.web.security.RolesFromClaims;
import org.caduceus.web.security.StatelessApi;
import org.caduceus.web.security.VerifiedTokenCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * User authentication at the gateway. Everything under {@code /api/v1} needs a valid
 * bearer token, {@code /api/v1/admin} and every actuator endpoint but health (liveness
 * and readiness) the admin role; finer rules (TLP, ownership) are decided by the service
 * that owns the data, which checks roles again. The internal API has a chain of its own,
 * in the federation package.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class GatewaySecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GatewaySecurityConfiguration.class);

	/**
	 * No observation of each security filter, authentication and authorization: nobody
	 * reads them and they cost every request (a JFR profile under load, 2026-12-07);
	 * {@code http.server.requests} still times every request.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	ReactiveJwtDecoder userTokenDecoder(AuthProperties auth, @Value("${caduceus.node.id}") String nodeId,
			@Value("${caduceus.auth.max-token-lifetime:" + PinnedKeyJwtDecoders.DEFAULT_MAX_LIFETIME
					+ "}") Duration maxLifetime) {
		String audience = auth.audienceFor(nodeId);
		if (auth.issuerUri() != null) {
			log.info("user tokens: OIDC issuer {}, audience {}", auth.issuerUri(), audience);
			NimbusReactiveJwtDecoder decoder = (NimbusReactiveJwtDecoder) ReactiveJwtDecoders
				.fromIssuerLocation(auth.issuerUri());
			decoder.setJwtValidator(PinnedKeyJwtDecoders.validator(auth.issuerUri(), audience, maxLifetime));
			return new VerifiedTokenCache(decoder, Clock.systemUTC());
		}
		if (auth.userPublicKey() == null) {
			throw new IllegalStateException(
					"no way to check user tokens: set caduceus.auth.issuer-uri (OIDC) or caduceus.auth.user-public-key (embedded)");
		}
		log.info("user tokens: node-local ES256 key {}, issuer {}, lifetime at most {}", auth.userPublicKey(),
				AuthProperties.embeddedIssuer(nodeId), maxLifetime);
		return PinnedKeyJwtDecoders.es256(SigningKey.readPublicKey(auth.userPublicKey()),
				AuthProperties.embeddedIssuer(nodeId), audience, maxLifetime);
	}

	@Bean
	RolesFromClaims rolesFromClaims(AuthProperties auth) {
		return new RolesFromClaims(auth.rolesClaim());
	}

	/**
	 * TAXII ({@code /taxii2/**}) callers are authenticated by the route's own filter,
	 * before the request goes anywhere, and refused in the TAXII error format: partner
	 * nodes by signature, partner CERTs by API key, users by token (see the partners
	 * package). No bearer filter may take a partner's API key for a JWT.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityWebFilterChain taxiiSecurity(ServerHttpSecurity http) {
		return StatelessApi.configure(http)
			.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/taxii2", "/taxii2/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.build();
	}

	/**
	 * Health (liveness, readiness) is open for probes; every other actuator endpoint
	 * (metrics, build info) describes what the node holds and does, so it is for admins,
	 * not for whoever reaches the public port.
	 */
	@Bean
	SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveJwtDecoder userTokenDecoder,
			RolesFromClaims rolesFromClaims) {
		return StatelessApi.configure(http)
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
						.permitAll()
						.pathMatchers("/actuator/**")
						.hasRole("ADMIN")
						.pathMatchers("/api/v1/admin/**")
						.hasRole("ADMIN")
						.pathMatchers("/api/**")
						.authenticated()
						.anyExchange()
						.permitAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtDecoder(userTokenDecoder).jwtAuthenticationConverter(rolesFromClaims))
				.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
				.accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied()))
			.build();
	}

}
