package org.caduceus.testsupport;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Sets {@code spring.mongodb.uri} for test classes annotated with {@link TestMongo}. The
 * customizer is a value object, so classes that share a configuration share one context.
 */
final class TestMongoContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		if (!TestContextAnnotationUtils.hasAnnotation(testClass, TestMongo.class)) {
			return null;
		}
		return new MongoUriCustomizer();
	}

	private record MongoUriCustomizer() implements ContextCustomizer {

		@Override
		public void customizeContext(org.springframework.context.ConfigurableApplicationContext context,
				org.springframework.test.context.MergedContextConfiguration mergedConfig) {
			TestPropertyValues
				.of("spring.mongodb.uri=" + TestStore.get().uri(),
						"caduceus.identity.gateway-public-key=" + TestIdentity.get().publicKeyFile(),
						// as in production intake: the escalation service's own key is
						// trusted
						// for the reads a service names
						"caduceus.identity.trusted-services.escalation="
								+ TestIdentity.get().servicePublicKeyFile("escalation"))
				.applyTo(context);
		}

	}

}
