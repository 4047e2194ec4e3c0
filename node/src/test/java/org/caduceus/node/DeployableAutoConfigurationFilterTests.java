package org.caduceus.node;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the node's one class path, each context is auto-configured as its deployable is
 * alone: what the gateway's jars bring stays in the gateway.
 */
class DeployableAutoConfigurationFilterTests {

	static final String WEB_SECURITY = "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration";

	static final String GATEWAY = "org.springframework.cloud.gateway.config.GatewayAutoConfiguration";

	static final String THYMELEAF = "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration";

	static final String WEBFLUX = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration";

	static final String PROBLEMS = "org.caduceus.web.problem.ProblemAutoConfiguration";

	@Test
	void aServiceGetsNeitherTheGatewaysRoutesNorTheConsolesTemplates() {
		assertThat(match("caduceus-intake", GATEWAY, THYMELEAF, WEB_SECURITY, WEBFLUX, PROBLEMS)).containsExactly(false,
				false, true, true, true);
	}

	@Test
	void theGatewayKeepsItsRoutesAndTheConsoleItsTemplatesWithoutASecurityChain() {
		assertThat(match("caduceus-gateway", GATEWAY, THYMELEAF, WEB_SECURITY)).containsExactly(true, false, true);
		// the console keeps its own sessions: Spring Security's chain
		// would put a login of its own in front of every page
		assertThat(match("caduceus-console", GATEWAY, THYMELEAF, WEB_SECURITY, WEBFLUX, PROBLEMS))
			.containsExactly(false, true, false, true, false);
	}

	@Test
	void whatAnEarlierFilterRemovedStaysRemovedAndAnUnknownClassIsNotLetIn() {
		assertThat(match("caduceus-intake", null, "org.example.NoSuchAutoConfiguration", WEBFLUX))
			.containsExactly(false, false, true);
	}

	@Test
	void aContextThatNamesNoComponentIsLeftAlone() {
		DeployableAutoConfigurationFilter filter = new DeployableAutoConfigurationFilter();
		filter.setEnvironment(new MockEnvironment());
		assertThat(filter.match(new String[] { GATEWAY, THYMELEAF }, null)).containsExactly(true, true);
	}

	private static boolean[] match(String component, String... classes) {
		DeployableAutoConfigurationFilter filter = new DeployableAutoConfigurationFilter();
		filter
			.setEnvironment(new MockEnvironment().withProperty(DeployableAutoConfigurationFilter.COMPONENT, component));
		filter.setBeanClassLoader(DeployableAutoConfigurationFilterTests.class.getClassLoader());
		return filter.match(classes, null);
	}

}
