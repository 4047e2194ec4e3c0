package org.caduceus.testsupport.informationflow;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read endpoints a service publishes in its OpenAPI document (springdoc's
 * {@code /v3/api-docs}), as path templates; an information-flow test enumerates them
 * there rather than listing them itself, so that a new endpoint without coverage fails
 * it.
 */
public final class ReadEndpoints {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ReadEndpoints() {
	}

	/**
	 * @param web a client of the running service
	 * @param prefix only paths that start with it, e.g. {@code /api/}
	 * @return the templates of the GET paths, e.g. {@code /api/v1/incidents/{id}}
	 */
	public static Set<String> of(WebTestClient web, String prefix) {
		JsonNode doc = JSON.readTree(web.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		Set<String> paths = new TreeSet<>();
		for (var entry : doc.get("paths").properties()) {
			if (entry.getValue().has("get") && entry.getKey().startsWith(prefix)) {
				paths.add(entry.getKey());
			}
		}
		assertThat(paths).as("the OpenAPI document lists read endpoints under %s", prefix).isNotEmpty();
		return paths;
	}

	/**
	 * Fails naming every endpoint of {@code endpoints} that {@code covered} leaves out.
	 */
	public static void assertCovered(Set<String> endpoints, Collection<String> covered) {
		Set<String> uncovered = new TreeSet<>(endpoints);
		uncovered.removeAll(covered);
		assertThat(uncovered).as("read endpoints in the OpenAPI document without information-flow coverage").isEmpty();
	}

}
