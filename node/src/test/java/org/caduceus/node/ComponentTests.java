package org.caduceus.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComponentTests {

	@Test
	void eachComponentReadsTheApplicationYmlOfItsOwnJar() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(Component.ALL).allSatisfy(
				(component) -> assertThat(component.configuration(loader)).contains("/" + component.artifact() + "-")
					.endsWith(".jar!/application.yml"));
		assertThat(Component.ALL.stream().map((component) -> component.configuration(loader)).distinct())
			.hasSize(Component.ALL.size());
	}

}
