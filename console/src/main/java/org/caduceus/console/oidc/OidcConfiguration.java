package org.caduceus.console.oidc;

import java.time.Clock;

import org.caduceus.console.ConsoleProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
@Conditional(OidcEnabled.class)
class OidcConfiguration {

	@Bean
	OidcClient oidcClient(ConsoleProperties properties, @Value("${caduceus.node.id}") String nodeId,
			WebClient.Builder builder, Clock clock) {
		ConsoleProperties.Oidc oidc = properties.oidc();
		return new OidcClient(oidc, oidc.audienceFor(nodeId), builder.build(), clock);
	}

	@Bean
	PendingAuthorizations pendingAuthorizations(ReactiveMongoOperations mongo, Clock clock) {
		return new PendingAuthorizations(mongo, clock);
	}

	@Bean
	ProviderSessions providerSessions(OidcClient client, org.caduceus.console.session.Sessions sessions, Clock clock) {
		return new ProviderSessions(client, sessions, clock);
	}

}
