package org.caduceus.intake.imports;

import java.util.List;
import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.TestIdentity;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls of the intake API that the import tests share. */
final class ImportApi {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebTestClient web;

	ImportApi(WebTestClient web) {
		this.web = web;
	}

	static String as(String user, Role role) {
		return TestIdentity.get().bearer(user, role);
	}

	/** Files a rich incident (every field the exports carry) and returns its id. */
	String file(String title, String tlp, List<Map<String, String>> observables) {
		return this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.ofEntries(Map.entry("title", title), Map.entry("description", "Encrypted PACS archive"),
					Map.entry("rsitClass", "malicious-code"), Map.entry("rsitType", "infected-system"),
					Map.entry("careServices", List.of("diagnostics-imaging", "emergency-care")), Map.entry("tlp", tlp),
					Map.entry("pap", "green"), Map.entry("severity", "critical"),
					Map.entry("patientSafetyImpact", "potential"), Map.entry("careDisruption", "diverted"),
					Map.entry("reporter", Map.of("organisation", "St. Example")),
					Map.entry("observables", observables)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asString();
	}

	JsonNode get(String path, Object... variables) {
		return this.web.get()
			.uri(path, variables)
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	WebTestClient.ResponseSpec post(String path, String mediaType, Object body) {
		return this.web.post()
			.uri(path)
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.parseMediaType(mediaType))
			.bodyValue((body instanceof JsonNode) ? body.toString() : body)
			.exchange();
	}

	JsonNode imported(String path, String mediaType, Object body) {
		return post(path, mediaType, body).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	void assertNotFound(String incidentId) {
		this.web.get()
			.uri("/api/v1/incidents/{id}", incidentId)
			.header("Authorization", as("carol", Role.COORDINATOR))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	/** The fields both exports carry, to compare an incident with its re-import. */
	static Map<String, Object> exchanged(JsonNode incident) {
		return Map.of("title", incident.get("title").asString(), "description", incident.get("description").asString(),
				"tlp", incident.get("tlp").asString(), "pap", incident.get("pap").asString(), "classification",
				incident.get("classification").toString(), "severity", incident.get("severity").asString(),
				"patientSafetyImpact", incident.get("patientSafetyImpact").asString(), "careDisruption",
				incident.get("careDisruption").asString(), "observables", incident.get("observables").toString());
	}

}
