package org.caduceus.web.security;

import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jwt.JWTParser;
import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.ServiceIdentity;
import org.caduceus.identity.SigningKey;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Security of a Caduceus service behind the gateway. A request is authenticated only by
 * the identity token the gateway signs for it ({@link InternalIdentity}); a header that
 * names a user is never trusted. Health probes and the OpenAPI document are open (the
 * chart's NetworkPolicy keeps them inside the cluster; the launcher binds services to
 * loopback); every other actuator endpoint is for admins.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
@ConditionalOnProperty(name = "caduceus.identity.gateway-public-key")
public class ServiceSecurityAutoConfiguration {

	/**
	 * No observation of each security filter, authentication and authorization: they
	 * wrapped every request's filters in observations nobody reads (a JFR profile under
	 * load, 2026-12-07); {@code http.server.requests} still times every request.
	 */
	@Bean
	@ConditionalOnMissingBean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The gateway's identity tokens, and the tokens of the node's own services this
	 * service trusts ({@code caduceus.identity.trusted-services.<service>=<public key
	 * file>}): each verified with its own pinned key, chosen by the token's issuer; a
	 * service's token carries the role {@code service} and its name as subject.
	 */
	@Bean
	ReactiveJwtDecoder gatewayIdentityDecoder(@Value("${caduceus.identity.gateway-public-key}") Path publicKey,
			@Value("${caduceus.node.id}") String nodeId, Environment environment) {
		ReactiveJwtDecoder gateway = PinnedKeyJwtDecoders.es256(SigningKey.readPublicKey(publicKey),
				InternalIdentity.issuer(nodeId), InternalIdentity.audience(nodeId));
		Map<String, Path> trusted = Binder.get(environment)
			.bind("caduceus.identity.trusted-services", Bindable.mapOf(String.class, Path.class))
			.orElse(Map.of());
		Map<String, ReactiveJwtDecoder> byIssuer = new HashMap<>();
		trusted.forEach((service, file) -> byIssuer.put(ServiceIdentity.issuer(nodeId, service),
				PinnedKeyJwtDecoders.es256(SigningKey.readPublicKey(file), ServiceIdentity.issuer(nodeId, service),
						InternalIdentity.audience(nodeId))));
		if (byIssuer.isEmpty()) {
			return gateway;
		}
		return (token) -> byIssuer.getOrDefault(unverifiedIssuer(token), gateway).decode(token);
	}

	/**
	 * Only picks which pinned key verifies the token: a token whose issuer names a
	 * trusted service is verified with that service's key, anything else with the
	 * gateway's.
	 */
	private static @Nullable String unverifiedIssuer(String token) {
		try {
			return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException | RuntimeException malformed) {
			return null;
		}
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
				.hasAuthority(Role.ADMIN.authority())
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtDecoder(gatewayIdentityDecoder)
					.jwtAuthenticationConverter(new RolesFromClaims(Role.CLAIM, ServiceIdentity.ISSUER_PREFIX)))
				.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
				.accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied()))
			.build();
	}

}
