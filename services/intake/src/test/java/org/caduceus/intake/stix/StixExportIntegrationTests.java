package org.caduceus.intake.stix;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.intakecontract.InboundIncident;
import org.caduceus.stix.IncidentExport;
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
 * {@code GET /api/v1/incidents/{id}/stix}: the incident as a bundle, for its readers
 * only.
 */
@ServiceTest
class StixExportIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	WebTestClient web;

	@Test
	void exportsAnIncidentAsAStableStixBundleToItsReaders() {
		String id = file("amber");
		String first = stix(id, TestIdentity.get().bearer("alice", Role.ANALYST)).expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("application/stix+json"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode bundle = JSON.readTree(first);
		assertThat(bundle.get("type").asString()).isEqualTo("bundle");
		JsonNode incident = bundle.get("objects")
			.valueStream()
			.filter((object) -> object.get("type").asString().equals("incident"))
			.findFirst()
			.orElseThrow();
		assertThat(incident.get("name").asString()).isEqualTo("Ransomware on PACS");
		assertThat(incident.get("object_marking_refs").get(0).asString())
			.isEqualTo("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
		assertThat(bundle.get("objects").valueStream().map((object) -> object.get("type").asString()))
			.contains("ipv4-addr", "indicator", "relationship");
		assertThat(first).doesNotContain("ciso@hospital.example");
		String again = stix(id, TestIdentity.get().bearer("audrey", Role.AUDITOR)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(again).isEqualTo(first);
	}

	@Test
	void aRedIncidentIsNotExportedToThoseWhoMayNotSeeIt() {
		String id = file("red");
		stix(id, TestIdentity.get().bearer("bob", Role.ANALYST)).expectStatus().isNotFound();
		stix(id, TestIdentity.get().bearer("root", Role.ADMIN)).expectStatus().isForbidden();
		stix(id, TestIdentity.get().bearer("carol", Role.COORDINATOR)).expectStatus().isOk();
	}

	@Test
	void anIncidentReceivedFromAPartnerNamesThatPartnerAsItsOrigin() {
		String escalationId = java.util.UUID.randomUUID().toString();
		String domain = "origin-" + escalationId.substring(0, 8) + ".example";
		InboundIncident inbound = new InboundIncident("DE-2026-000077",
				new InboundIncident.Shared("Ransomware on radiology PACS", "Encrypted PACS archive", "malicious-code",
						"infected-system", List.of("diagnostics-imaging"), null, "amber", "amber", "critical",
						"potential", "diverted",
						new InboundIncident.Reporter("St. Example Hospital", "healthcare-provider",
								new InboundIncident.Contact("Jane Example", "ciso@hospital.example", null), true),
						List.of(new InboundIncident.Observable("domain", domain)), null,
						Instant.parse("2026-11-23T06:00:00Z"), Instant.parse("2026-11-23T06:30:00Z")));
		String id = this.web.put()
			.uri("/api/v1/incidents/inbound/{partner}/{escalationId}", "de-cert", escalationId)
			.header("Authorization", TestIdentity.get().bearer("de-cert", Role.PEER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(inbound)
			.exchange()
			.expectStatus()
			.is2xxSuccessful()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asString();
		JsonNode bundle = JSON.readTree(stix(id, TestIdentity.get().bearer("alice", Role.ANALYST)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		List<JsonNode> marked = bundle.get("objects")
			.valueStream()
			.filter((object) -> object.has("object_marking_refs"))
			.toList();
		assertThat(marked).isNotEmpty()
			.allSatisfy((object) -> assertThat(IncidentExport.origin(object)).isEqualTo("de-cert"));
		// what this node filed itself names no origin
		String local = stix(file("amber"), TestIdentity.get().bearer("alice", Role.ANALYST)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(local).doesNotContain(IncidentExport.ORIGIN_PROPERTY);
	}

	private WebTestClient.ResponseSpec stix(String id, String bearer) {
		return this.web.get().uri("/api/v1/incidents/{id}/stix", id).header("Authorization", bearer).exchange();
	}

	private String file(String tlp) {
		return this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Ransomware on PACS", "rsitClass", "malicious-code", "rsitType",
					"infected-system", "tlp", tlp, "reporter",
					Map.of("organisation", "St. Example", "contact", Map.of("email", "ciso@hospital.example")),
					"observables", java.util.List.of(Map.of("type", "ipv4", "value", "192.0.2.201"))))
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
