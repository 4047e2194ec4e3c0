package org.caduceus.console.session;

import java.time.Clock;

import org.caduceus.console.ConsoleProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
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

	/**
	 * Housekeeping only (every read checks the limits itself): a store that is not there
	 * yet does not stop the console.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void prepare(ApplicationReadyEvent event) {
		event.getApplicationContext()
			.getBean(Sessions.class)
			.prepare()
			.subscribe(null, (error) -> org.slf4j.LoggerFactory.getLogger(SessionConfiguration.class)
				.warn("the sessions' expiry index could not be made: {}", error.toString()));
	}

}
