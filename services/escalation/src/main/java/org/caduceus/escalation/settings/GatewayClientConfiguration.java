package org.caduceus.escalation.settings;

import org.caduceus.gatewayclient.GatewayClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The escalation service's client of its gateway's internal API, with its own key. */
@Configuration(proxyBeanMethods = false)
class GatewayClientConfiguration {

	@Bean
	GatewayClient gatewayClient(WebClient.Builder builder, EscalationSettings settings,
			@Value("${caduceus.node.id}") String nodeId) {
		return new GatewayClient(builder, settings.gatewayUrl(), nodeId, "escalation",
				settings.serviceKey().privateKey(), settings.serviceKey().publicKey(), settings.peerCache());
	}

}
