package org.caduceus.console.web;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.mongodb.WriteConcern;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	SecurityHeaders securityHeaders() {
		return new SecurityHeaders();
	}

	/**
	 * An account, a lockout or a sign-out is acknowledged only once it is in the store's
	 * journal: a lockout lost to a crash would let the guessing go on. A store that does
	 * not answer is known within seconds, as in the services (the console does not take
	 * the services' web conventions: their security chain and JSON errors are not a web
	 * page's).
	 */
	@Bean
	MongoClientSettingsBuilderCustomizer consoleStoreSettings() {
		return (settings) -> settings.writeConcern(WriteConcern.MAJORITY.withJournal(true))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout(2, TimeUnit.SECONDS));
	}

}
