package org.caduceus.intake.stats;

import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ServiceTest
class StatsIntegrationTests {

	private static final String WINDOW = "from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z";

	@Autowired
	WebTestClient web;

	@Test
	void countsByGroupSuppressingSmallCellsAndWithholdingRedAndAmberStrict() {
		for (int i = 0; i < 6; i++) {
			file("availability", "ddos", "green", "emergency-care");
		}
		file("fraud", "phishing", "amber", "pharmacy");
		file("fraud", "phishing", "amber", "pharmacy");
		file("intrusions", "system-compromise", "red", "laboratory");
		file("intrusions", "system-compromise", "amber+strict", "laboratory");
		this.web.get()
			.uri("/api/v1/stats?groupBy=rsitClass&" + WINDOW)
			.header("Authorization", TestIdentity.get().bearer("policy", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.cells.length()")
			.isEqualTo(2)
			.jsonPath("$.cells[0].key")
			.isEqualTo("availability")
			.jsonPath("$.cells[0].count")
			.isEqualTo(6)
			.jsonPath("$.cells[1].key")
			.isEqualTo("fraud")
			.jsonPath("$.cells[1].suppressed")
			.isEqualTo(true)
			.jsonPath("$.cells[1].count")
			.doesNotExist()
			// RED and AMBER+STRICT incidents are not broken down, and two of them are too
			// few to show
			.jsonPath("$.cells[?(@.key == 'intrusions')]")
			.doesNotExist()
			.jsonPath("$.withheld.suppressed")
			.isEqualTo(true)
			.jsonPath("$.minimumCell")
			.isEqualTo(5);
		this.web.get()
			.uri("/api/v1/stats?groupBy=careService&" + WINDOW)
			.header("Authorization", TestIdentity.get().bearer("coord", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.cells[?(@.key == 'emergency-care')].count")
			.isEqualTo(java.util.List.of(6));
		this.web.get()
			.uri("/api/v1/stats?groupBy=month&" + WINDOW)
			.header("Authorization", TestIdentity.get().bearer("coord", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.cells[0].key")
			.isEqualTo("2020-01")
			.jsonPath("$.cells[0].count")
			.isEqualTo(8);
	}

	@Test
	void isForAuditorsAndCoordinatorsOnlyAndNamesABadGrouping() {
		this.web.get()
			.uri("/api/v1/stats?groupBy=rsitClass")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.get()
			.uri("/api/v1/stats?groupBy=hospital")
			.header("Authorization", TestIdentity.get().bearer("policy", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("groupBy");
	}

	private void file(String rsitClass, String rsitType, String tlp, String careService) {
		Map<String, Object> body = Map.of("title", "stats", "rsitClass", rsitClass, "rsitType", rsitType, "tlp", tlp,
				"careServices", java.util.List.of(careService), "awareAt", "2020-01-15T10:00:00Z", "reporter",
				Map.of("organisation", "Stats Hospital", "entityType", "healthcare-provider"));
		this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", TestIdentity.get().bearer("statsfiler", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
