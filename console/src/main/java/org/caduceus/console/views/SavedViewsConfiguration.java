package org.caduceus.console.views;

import java.time.Clock;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

@Configuration(proxyBeanMethods = false)
class SavedViewsConfiguration {

	@Bean
	SavedViews savedViews(ReactiveMongoOperations mongo, Clock clock) {
		return new SavedViews(mongo, clock);
	}

	/** Housekeeping only: a store not there yet stops nothing. */
	@EventListener(ApplicationReadyEvent.class)
	void prepare(ApplicationReadyEvent event) {
		event.getApplicationContext()
			.getBean(SavedViews.class)
			.prepare()
			.subscribe(null, (error) -> org.slf4j.LoggerFactory.getLogger(SavedViewsConfiguration.class)
				.warn("the saved views' index could not be made: {}", error.toString()));
	}

}
