package org.caduceus.intake.incident;

import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.caduceus.intake.incident.IncidentFixtures.file;
import static org.caduceus.intake.incident.IncidentFixtures.incident;

/**
 * The escalation service re-reads an incident before a queued escalation leaves, with a
 * token signed by its own key (no user is there any more). Intake lets that token read
 * one incident at any TLP, and nothing else; a token of the same form signed by another
 * key is refused.
 */
@ServiceTest
class ServiceReadIntegrationTests {

	@Autowired
	WebTestClient web;

	@Test
	void theEscalationServiceReadsOneIncidentAtAnyTlpAndNothingElse() {
		Map<String, Object> red = file(this.web, "alice", Role.ANALYST,
				incident("Red, for the border").with("tlp", "red"));
		String id = (String) red.get("id");
		String service = TestIdentity.get().serviceBearer(true);
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", service)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tlp")
			.isEqualTo("red");
		for (String path : new String[] { "/api/v1/incidents", "/api/v1/incidents/" + id + "/history",
				"/api/v1/incidents/by-ref/" + red.get("ref"), "/api/v1/incidents/" + id + "/stix",
				"/api/v1/observables/domain?value=x.example", "/api/v1/stats?groupBy=tlp" }) {
			this.web.get().uri(path).header("Authorization", service).exchange().expectStatus().isForbidden();
		}
		this.web.patch()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", service)
			.header("If-Match", "\"0\"")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tlp", "clear"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", TestIdentity.get().serviceBearer(false))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		// a user cannot give themselves the service's reach through their token's roles
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", TestIdentity.get().bearer("mallory", Role.SERVICE))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

}
