package org.caduceus.contacts.partner;

import org.caduceus.gatewayclient.GatewayClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The service's client of its gateway, with its own key. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	GatewayClient gatewayClient(WebClient.Builder builder, ExchangeSettings settings,
			@Value("${caduceus.node.id}") String nodeId) {
		return new GatewayClient(builder, settings.gatewayUrl(), nodeId, "contacts", settings.privateKey(),
				settings.publicKey(), settings.peerCache());
	}

}
