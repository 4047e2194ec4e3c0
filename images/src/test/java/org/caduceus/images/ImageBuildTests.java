package org.caduceus.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The images are the ones the chart names, and run as the chart's user. */
class ImageBuildTests {

	@Test
	void everyComponentTheChartDeploysHasAnImageTaggedAsTheChartNamesIt() throws IOException {
		String deployments = Files.readString(Path.of("../helm/caduceus/templates/deployment.yaml"));
		assertThat(deployments).contains("range $component := include \"caduceus.components\" $ | fromJsonArray");
		// the chart's component list: its helper's list, and what it appends when enabled
		String helpers = Files.readString(Path.of("../helm/caduceus/templates/_helpers.tpl"));
		Matcher helper = Pattern.compile("(?s)define \"caduceus\\.components\"(.*?)toJson \\$components")
			.matcher(helpers);
		assertThat(helper.find()).isTrue();
		Matcher list = Pattern.compile("\\$components := list ((\"[a-z-]+\" ?)+)").matcher(helper.group(1));
		assertThat(list.find()).isTrue();
		List<String> components = Stream
			.concat(Pattern.compile("\"([a-z-]+)\"").matcher(list.group(1)).results(),
					Pattern.compile("append \\$components \"([a-z-]+)\"").matcher(helper.group(1)).results())
			.map((match) -> match.group(1))
			.toList();
		assertThat(components).containsExactly("gateway", "intake", "escalation", "contacts", "partner-api", "console");
		for (String component : components) {
			Deployable deployable = Deployable.ALL.stream()
				.filter((candidate) -> candidate.component().equals(component))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no image for the chart's " + component));
			// the chart: printf "%s/caduceus-%s:%s" image.repository component image.tag
			assertThat(ImageBuild.spec(deployable, "registry.example/caduceus", "0.1.0", List.of()).reference())
				.isEqualTo("registry.example/caduceus/caduceus-" + component + ":0.1.0");
		}
	}

	@Test
	void everyImageRunsJavaFromTheBaseAsUser10001() {
		for (Deployable deployable : Deployable.ALL) {
			var spec = ImageBuild.spec(deployable, "r", "1", List.of());
			assertThat(spec.user()).isEqualTo("10001:10001");
			assertThat(spec.entrypoint()).startsWith("/opt/java/bin/java").endsWith("-jar", "/app/app.jar");
		}
	}

}
