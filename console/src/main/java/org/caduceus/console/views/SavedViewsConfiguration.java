package org.caduceus.console.views;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

@Configuration(proxyBeanMethods = false)
class SavedViewsConfiguration {

	@Bean
	SavedViews savedViews(ReactiveMongoOperations mongo, Clock clock) {
		return new SavedViews(mongo, clock);
	}

}
