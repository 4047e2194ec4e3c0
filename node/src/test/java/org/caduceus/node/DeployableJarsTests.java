package org.caduceus.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DeployableJarsTests {

	@Test
	void aClassIsInTheInnermostJarItIsReadFrom() {
		assertThat(DeployableJars
			.jarOf("jar:nested:/opt/caduceus-node.jar/!BOOT-INF/lib/spring-boot-security-4.0.9.jar!/org/a/B.class"))
			.contains("spring-boot-security-4.0.9.jar");
		assertThat(DeployableJars.jarOf("jar:file:/root/.m2/x/caduceus-intake-0.1.0-SNAPSHOT.jar!/application.yml"))
			.contains("caduceus-intake-0.1.0-SNAPSHOT.jar");
	}

	@Test
	void aClassInADirectoryIsInNoJar() {
		assertThat(DeployableJars.jarOf("file:/work/main/node/target/classes/org/a/B.class")).isEmpty();
		assertThat(DeployableJars.jarOf("jar:file:/work/a.zip!/org/a/B.class")).isEmpty();
		assertThat(DeployableJars.jarOf((String) null)).isEmpty();
	}

	@Test
	void eachDeployableCarriesTheListOfItsOwnJars() {
		ClassLoader loader = getClass().getClassLoader();
		DeployableJars intake = DeployableJars.of("caduceus-intake", loader);
		DeployableJars gateway = DeployableJars.of("caduceus-gateway", loader);
		DeployableJars console = DeployableJars.of("caduceus-console", loader);
		assertThat(intake.jars()).anyMatch((jar) -> jar.startsWith("caduceus-web-conventions-"))
			.anyMatch((jar) -> jar.startsWith("caduceus-intake-"))
			.noneMatch((jar) -> jar.startsWith("thymeleaf-"))
			.noneMatch((jar) -> jar.startsWith("spring-cloud-gateway"));
		assertThat(gateway.jars()).anyMatch((jar) -> jar.startsWith("spring-cloud-gateway-server-webflux-"))
			.noneMatch((jar) -> jar.startsWith("thymeleaf-"));
		assertThat(console.jars()).anyMatch((jar) -> jar.startsWith("thymeleaf-"))
			.noneMatch((jar) -> jar.startsWith("spring-boot-security-"));
	}

	@Test
	void aDeployableBuiltWithoutItsListIsRefusedRatherThanConfiguredFromEverything() {
		assertThatIllegalStateException()
			.isThrownBy(() -> DeployableJars.of("caduceus-nothing", getClass().getClassLoader()))
			.withMessageContaining("caduceus-nothing was built without the list of its jars");
	}

}
