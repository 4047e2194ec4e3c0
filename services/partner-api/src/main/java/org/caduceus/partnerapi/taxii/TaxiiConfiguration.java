package org.caduceus.partnerapi.taxii;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.caduceus.gatewayclient.GatewayClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The partner API's client of its gateway's internal API (the peer directory), with its
 * own key.
 */
@Configuration(proxyBeanMethods = false)
class TaxiiConfiguration {

	@Bean
	GatewayClient gatewayClient(WebClient.Builder builder, @Value("${caduceus.gateway-url}") URI gatewayUrl,
			@Value("${caduceus.node.id}") String nodeId, @Value("${caduceus.service-key.private}") Path privateKey,
			@Value("${caduceus.service-key.public}") Path publicKey) {
		return new GatewayClient(builder, gatewayUrl, nodeId, "partner-api", privateKey, publicKey,
				Duration.ofSeconds(5));
	}

}
