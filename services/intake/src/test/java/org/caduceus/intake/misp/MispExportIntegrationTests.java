package org.caduceus.intake.misp;

import java.util.List;
import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/incidents/{id}/misp}: a MISP event with machine tags and attributes.
 */
@ServiceTest
class MispExportIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	WebTestClient web;

	@Test
	void exportsAnIncidentAsAMispEventWithMachineTagsAndAttributes() {
		String id = file("green",
				List.of(Map.of("type", "ipv4", "value", "192.0.2.202"),
						Map.of("type", "sha256", "value",
								"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
						Map.of("type", "cve", "value", "cve-2024-3400")));
		String first = misp(id, TestIdentity.get().bearer("alice", Role.ANALYST)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode event = JSON.readTree(first).get("Event");
		assertThat(event.get("info").asString()).endsWith(": Phishing wave on a hospital");
		assertThat(event.get("distribution").asString()).isEqualTo("2");
		assertThat(event.get("Tag").valueStream().map((tag) -> tag.get("name").asString())).contains("tlp:green",
				"rsit:fraud=\"phishing\"", "caduceus-health:severity=\"high\"");
		assertThat(event.get("Attribute")
			.valueStream()
			.map((a) -> a.get("type").asString() + " " + a.get("value").asString())).containsExactlyInAnyOrder(
					"ip-dst 192.0.2.202", "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
					"vulnerability CVE-2024-3400");
		assertThat(first).doesNotContain("ciso@hospital.example");
		// the same uuids on every export: a re-import updates the event
		assertThat(misp(id, TestIdentity.get().bearer("audrey", Role.AUDITOR)).expectBody(String.class)
			.returnResult()
			.getResponseBody()).isEqualTo(first);
	}

	@Test
	void aRedIncidentIsNotExportedToThoseWhoMayNotSeeIt() {
		String id = file("red", List.of());
		misp(id, TestIdentity.get().bearer("bob", Role.ANALYST)).expectStatus().isNotFound();
		misp(id, TestIdentity.get().bearer("root", Role.ADMIN)).expectStatus().isForbidden();
	}

	private WebTestClient.ResponseSpec misp(String id, String bearer) {
		return this.web.get().uri("/api/v1/incidents/{id}/misp", id).header("Authorization", bearer).exchange();
	}

	private String file(String tlp, List<Map<String, String>> observables) {
		return this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Phishing wave on a hospital", "rsitClass", "fraud", "rsitType", "phishing",
					"tlp", tlp, "severity", "high", "reporter",
					Map.of("organisation", "St. Example", "contact", Map.of("email", "ciso@hospital.example")),
					"observables", observables))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asString();
	}

}
