package org.caduceus.gateway.federation;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.caduceus.federation.EnvelopeSigner;
import org.caduceus.federation.EnvelopeVerifier;
import org.caduceus.federation.NodeKey;
import org.caduceus.identity.ServiceIdentity;
import org.caduceus.identity.SigningKey;
import org.caduceus.web.security.PinnedKeyJwtDecoders;
import org.caduceus.web.security.ProblemAuthenticationHandlers;
import org.caduceus.web.security.StatelessApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The node's federation key, its signer and verifier, the service-token decoder, and the
 * security of the internal API.
 */
@Configuration(proxyBeanMethods = false)
class FederationConfiguration {

	private static final Logger log = LoggerFactory.getLogger(FederationConfiguration.class);

	@Bean
	NodeKey nodeKey(FederationProperties federation) {
		NodeKey key = NodeKey.loadOrCreate(federation.signingKey(), federation.publicKey());
		log.info("federation key {} (public half {})", federation.signingKey(), federation.publicKey());
		return key;
	}

	@Bean
	EnvelopeSigner envelopeSigner(NodeKey nodeKey, @Value("${caduceus.node.id}") String nodeId) {
		return EnvelopeSigner.ed25519(nodeId, nodeKey.privateKey(), Clock.systemUTC());
	}

	@Bean
	EnvelopeVerifier envelopeVerifier(PeerDirectory peers, MongoNonceStore nonces) {
		return new EnvelopeVerifier(peers::key, nonces, Clock.systemUTC());
	}

	/**
	 * The internal API ({@code /internal/**}: federation egress, peer directory) is for
	 * the node's own services only, each with its own pinned key; no user token opens it.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain internalSecurity(ServerHttpSecurity http, ServiceTokenDecoder serviceTokens) {
		return StatelessApi.configure(http)
			.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/internal/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.jwtDecoder(serviceTokens))
				.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
				.accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied()))
			.build();
	}

	@Bean
	ServiceTokenDecoder serviceTokenDecoder(FederationProperties federation,
			@Value("${caduceus.node.id}") String nodeId) {
		Map<String, ReactiveJwtDecoder> decoders = new LinkedHashMap<>();
		federation.serviceKeys().forEach((service, file) -> {
			if (!ServiceIdentity.SERVICES.contains(service)) {
				throw new IllegalStateException("caduceus.federation.service-keys names an unknown service '" + service
						+ "'; one of " + ServiceIdentity.SERVICES);
			}
			if (file.toFile().isFile()) {
				decoders.put(service, PinnedKeyJwtDecoders.es256(SigningKey.readPublicKey(file),
						ServiceIdentity.issuer(nodeId, service), ServiceIdentity.audience(nodeId)));
			}
			else {
				log.warn("no key file {} for service {}: it cannot use federation", file, service);
			}
		});
		return new ServiceTokenDecoder(decoders);
	}

}
