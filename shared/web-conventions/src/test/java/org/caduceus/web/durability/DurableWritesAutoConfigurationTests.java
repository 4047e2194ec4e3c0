package org.caduceus.web.durability;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DurableWritesAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DurableWritesAutoConfiguration.class));

	@Test
	void writesWaitForAMajorityAndTheJournalByDefault() {
		this.contexts.withPropertyValues("spring.mongodb.uri=mongodb://db-0,db-1,db-2/?replicaSet=rs0")
			.run((context) -> assertThat(settings(context.getBean(MongoClientSettingsBuilderCustomizer.class),
					"mongodb://db-0,db-1,db-2/?replicaSet=rs0")
				.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY.withJournal(true)));
	}

	@Test
	void aWriteConcernNamedInTheUriIsKept() {
		String uri = "mongodb://db-0/?w=2&journal=false";
		this.contexts.withPropertyValues("spring.mongodb.uri=" + uri)
			.run((context) -> assertThat(
					settings(context.getBean(MongoClientSettingsBuilderCustomizer.class), uri).getWriteConcern())
				.isEqualTo(new WriteConcern(2).withJournal(false)));
	}

	private static MongoClientSettings settings(MongoClientSettingsBuilderCustomizer customizer, String uri) {
		MongoClientSettings.Builder builder = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(uri));
		customizer.customize(builder);
		return builder.build();
	}

}
