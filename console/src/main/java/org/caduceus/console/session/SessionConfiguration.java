package org.caduceus.console.session;

import java.time.Clock;

import org.caduceus.console.ConsoleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	Sessions sessions(ReactiveMongoOperations mongo, ConsoleProperties properties, Clock clock) {
		return new Sessions(mongo, properties.idleTimeout(), properties.absoluteTimeout(), clock);
	}

	@Bean
	SessionCookie sessionCookie(ConsoleProperties properties) {
		return new SessionCookie(properties.secureCookies());
	}

	@Bean
	SessionFilter sessionFilter(Sessions sessions,
			org.springframework.beans.factory.ObjectProvider<IdentityProvider> provider) {
		return new SessionFilter(sessions, provider.getIfAvailable());
	}

}
