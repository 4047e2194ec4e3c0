package org.caduceus.web.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class StoreTimeoutsAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(StoreTimeoutsAutoConfiguration.class));

	@Test
	void aStoreThatIsDownIsGivenUpOnWithinSeconds() {
		String uri = "mongodb://127.0.0.1:27017/intake";
		this.contexts.withPropertyValues("spring.mongodb.uri=" + uri).run((context) -> {
			MongoClientSettings settings = settings(context.getBean(MongoClientSettingsBuilderCustomizer.class), uri);
			assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3000);
			assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);
			assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS))
				.as("no socket timeout: writes wait while the store copies its file for a backup")
				.isZero();
		});
	}

	@Test
	void timeoutsNamedInTheUriAreKept() {
		String uri = "mongodb://db-0,db-1/?replicaSet=rs0&serverSelectionTimeoutMS=15000&connectTimeoutMS=7000";
		this.contexts.withPropertyValues("spring.mongodb.uri=" + uri).run((context) -> {
			MongoClientSettings settings = settings(context.getBean(MongoClientSettingsBuilderCustomizer.class), uri);
			assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(15000);
			assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7000);
		});
	}

	@Test
	void oneTimeoutNamedInTheUriLeavesTheOtherToUs() {
		String uri = "mongodb://db-0/?connectTimeoutMS=7000";
		this.contexts.withPropertyValues("spring.mongodb.uri=" + uri).run((context) -> {
			MongoClientSettings settings = settings(context.getBean(MongoClientSettingsBuilderCustomizer.class), uri);
			assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3000);
			assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7000);
		});
	}

	private static MongoClientSettings settings(MongoClientSettingsBuilderCustomizer customizer, String uri) {
		MongoClientSettings.Builder builder = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(uri));
		customizer.customize(builder);
		return builder.build();
	}

}
