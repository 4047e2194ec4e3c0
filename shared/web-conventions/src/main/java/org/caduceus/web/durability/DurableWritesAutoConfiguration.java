package org.caduceus.web.durability;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * A success answer of a service is given only for what a MongoDB replica set keeps
 * through the loss of its primary: writes wait for a majority of members and for the
 * journal ({@code w: majority, j: true}). A URI that names its own write concern
 * ({@code ?w=...} or {@code journal=...}) keeps it. The embedded store commits and forces
 * every write to its file before it answers, whatever the write concern.
 */
@AutoConfiguration
@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
public class DurableWritesAutoConfiguration {

	/** What is asked of the database for every write. */
	public static final WriteConcern DURABLE = WriteConcern.MAJORITY.withJournal(true);

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	MongoClientSettingsBuilderCustomizer durableWrites(Environment environment) {
		String uri = environment.getProperty("spring.mongodb.uri");
		boolean named = uri != null && new ConnectionString(uri).getWriteConcern() != null;
		return (settings) -> {
			if (!named) {
				settings.writeConcern(DURABLE);
			}
		};
	}

}
