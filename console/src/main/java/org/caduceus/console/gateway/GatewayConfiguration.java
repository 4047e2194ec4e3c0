package org.caduceus.console.gateway;

import java.time.Clock;

import org.caduceus.console.ConsoleProperties;
import org.caduceus.identity.SigningKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	ApiTokens apiTokens(ConsoleProperties properties, @Value("${caduceus.node.id}") String nodeId, Clock clock) {
		if (properties.oidc().enabled()) {
			// the gateway takes the provider's tokens only: a key of the node's would be
			// refused there
			return ApiTokens.providerOnly(clock);
		}
		// never a key of its own: the gateway would refuse every token signed with it
		if (!java.nio.file.Files.isReadable(properties.userKey())) {
			throw new IllegalStateException("the node's user key " + properties.userKey()
					+ " cannot be read (caduceus.console.user-key); ./caduceus up creates it");
		}
		SigningKey key = SigningKey.loadOrCreate(properties.userKey(), properties.userPublicKey());
		return new ApiTokens(key, ConsoleProperties.issuerFor(nodeId), properties.audienceFor(nodeId), clock);
	}

	@Bean
	GatewayApi gatewayApi(WebClient.Builder builder, ConsoleProperties properties, ApiTokens tokens) {
		return new GatewayApi(builder.baseUrl(properties.gatewayUrl())
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build(), tokens);
	}

}
