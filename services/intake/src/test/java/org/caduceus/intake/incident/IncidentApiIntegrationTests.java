package org.caduceus.intake.incident;

import java.time.Year;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.caduceus.intake.incident.IncidentFixtures.as;
import static org.caduceus.intake.incident.IncidentFixtures.conditional;
import static org.caduceus.intake.incident.IncidentFixtures.file;
import static org.caduceus.intake.incident.IncidentFixtures.incident;
import static org.caduceus.intake.incident.IncidentFixtures.observable;

@ServiceTest
class IncidentApiIntegrationTests {

	@Autowired
	WebTestClient web;

	@Test
	void filesAnIncidentWithLocationEtagTaxonomyVersionAndConsecutiveReferences() {
		var first = this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(incident("Ransomware at St. Example"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueMatches("Location", "/api/v1/incidents/[0-9a-f-]{36}")
			.expectHeader()
			.valueEquals("ETag", "\"0\"")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> second = file(this.web, "alice", Role.ANALYST, incident("Second"));
		String year = String.valueOf(Year.now().getValue());
		assertThat((String) first.get("ref")).matches("NL-" + year + "-\\d{6}");
		assertThat(number(second)).isEqualTo(number(first) + 1);
		assertThat(first.get("status")).isEqualTo("NEW");
		assertThat(first.get("createdBy")).isEqualTo("alice");
		@SuppressWarnings("unchecked")
		Map<String, Object> classification = (Map<String, Object>) first.get("classification");
		assertThat(classification.get("taxonomyVersion")).isEqualTo("rsit-1003,tlp-10,PAP-3,nis2-5,caduceus-health-1");
		assertThat(classification.get("careServices")).isEqualTo(List.of("diagnostics-imaging", "emergency-care"));
		assertThat(first.get("tlp")).isEqualTo("amber");
		assertThat(first.get("pap")).isEqualTo("AMBER");
	}

	@Test
	void findsAnIncidentByIdAndByItsHumanReference() {
		Map<String, Object> filed = file(this.web, "alice", Role.ANALYST, incident("Lookup me"));
		String ref = (String) filed.get("ref");
		this.web.get()
			.uri("/api/v1/incidents/by-ref/{ref}", ref.toLowerCase())
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(filed.get("id"));
		this.web.get()
			.uri("/api/v1/incidents/by-ref/{ref}", "NL-1999-000001")
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		this.web.get()
			.uri("/api/v1/incidents/by-ref/{ref}", "NL-2001-999999")
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:incident-not-found");
	}

	@Test
	void listsWithFiltersAndPagesWithACursorWithoutRepeatsOrGaps() {
		String org = "Filter Clinic " + System.nanoTime();
		for (int i = 0; i < 7; i++) {
			var body = incident("Page " + i);
			((Map<String, Object>) body.get("reporter")).put("organisation", org);
			if (i == 3) {
				body.with("tlp", "green").with("severity", "critical");
			}
			file(this.web, "pager", Role.ANALYST, body);
		}
		Set<String> seen = new HashSet<>();
		String after = null;
		int pages = 0;
		do {
			String uri = "/api/v1/incidents?reporterOrganisation={org}&limit=3"
					+ ((after != null) ? "&after=" + after : "");
			Map<?, ?> page = this.web.get()
				.uri(uri, org)
				.header("Authorization", as("pager", Role.ANALYST))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			List<?> items = (List<?>) page.get("items");
			items.forEach((item) -> assertThat(seen.add((String) ((Map<?, ?>) item).get("id"))).isTrue());
			after = (String) page.get("next");
			pages++;
		}
		while (after != null);
		assertThat(seen).hasSize(7);
		assertThat(pages).isEqualTo(3);
		this.web.get()
			.uri("/api/v1/incidents?reporterOrganisation={org}&tlp=green&severity=critical&status=new&rsitClass=malicious-code&careService=emergency-care",
					org)
			.header("Authorization", as("pager", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].title")
			.isEqualTo("Page 3")
			.jsonPath("$.items[0].reporter")
			.doesNotExist();
		this.web.get()
			.uri("/api/v1/incidents?reporterOrganisation={org}&q=PAGE 5", org)
			.header("Authorization", as("pager", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1);
	}

	@Test
	void updatesNeedTheCurrentEtag() {
		Map<String, Object> filed = file(this.web, "alice", Role.ANALYST, incident("Versioned"));
		String id = (String) filed.get("id");
		this.web.patch()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("severity", "critical"))
			.exchange()
			.expectStatus()
			.isEqualTo(428)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:if-match-required");
		conditional(this.web, HttpMethod.PATCH, "/api/v1/incidents/{id}", id, as("alice", Role.ANALYST), "\"0\"",
				Map.of("severity", "critical", "title", "Versioned (escalated)"))
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.severity")
			.isEqualTo("critical");
		conditional(this.web, HttpMethod.PATCH, "/api/v1/incidents/{id}", id, as("bob", Role.ANALYST), "\"0\"",
				Map.of("severity", "low"))
			.expectStatus()
			.isEqualTo(412)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:stale-version");
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.severity")
			.isEqualTo("critical");
	}

	@Test
	void keepsAnAppendOnlyJournalAndAFullHistoryForAuditorsAndCoordinators() {
		Map<String, Object> filed = file(this.web, "alice", Role.ANALYST, incident("Journaled"));
		String id = (String) filed.get("id");
		this.web.post()
			.uri("/api/v1/incidents/{id}/notes", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "Called the hospital's CISO", "tlp", "green"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.author")
			.isEqualTo("alice")
			// a note is never shared more widely than its incident (AMBER)
			.jsonPath("$.tlp")
			.isEqualTo("amber");
		conditional(this.web, HttpMethod.PUT, "/api/v1/incidents/{id}/assignee", id, as("carol", Role.COORDINATOR),
				"\"1\"", Map.of("assignee", "bob"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.assignee")
			.isEqualTo("bob")
			.jsonPath("$.journal.length()")
			.isEqualTo(1);
		for (Role reader : new Role[] { Role.AUDITOR, Role.COORDINATOR }) {
			this.web.get()
				.uri("/api/v1/incidents/{id}/history", id)
				.header("Authorization", as("reader", reader))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.history[0].action")
				.isEqualTo("filed")
				.jsonPath("$.history[1].action")
				.isEqualTo("note-added")
				.jsonPath("$.history[2].action")
				.isEqualTo("assigned")
				.jsonPath("$.history[2].by")
				.isEqualTo("carol")
				.jsonPath("$.history[2].changes[0].to")
				.isEqualTo("bob");
		}
		this.web.get()
			.uri("/api/v1/incidents/{id}/history", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void correlatesIncidentsThroughSharedObservablesWhateverTheirSpelling() {
		Map<String, Object> first = file(this.web, "alice", Role.ANALYST, incident("C2 beacon").observables(
				observable("url", "hxxp://c2[.]Evil-Example.org/gate.php"), observable("ipv4", "203.0.113.9")));
		Map<String, Object> second = file(this.web, "bob", Role.ANALYST,
				incident("Same C2").observables(observable("url", "http://c2.evil-example.org/gate.php#x")));
		this.web.get()
			.uri("/api/v1/incidents/{id}", first.get("id"))
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.observables[0].value")
			.isEqualTo("http://c2.evil-example.org/gate.php")
			.jsonPath("$.related[0].id")
			.isEqualTo(second.get("id"))
			.jsonPath("$.related[0].sharedObservables[0]")
			.isEqualTo("url:http://c2.evil-example.org/gate.php");
		this.web.get()
			.uri("/api/v1/observables/url?value={value}", "hxxp://c2[.]evil-example[.]org/gate.php")
			.header("Authorization", as("auditor", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.incidents.length()")
			.isEqualTo(2)
			.jsonPath("$.incidents[0].id")
			.isEqualTo(second.get("id"));
		this.web.get()
			.uri("/api/v1/observables/url/http://c2.evil-example.org/gate.php")
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.value")
			.isEqualTo("http://c2.evil-example.org/gate.php");
		this.web.get()
			.uri("/api/v1/incidents?observable=ipv4:203.0.113.9")
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1);
		this.web.post()
			.uri("/api/v1/incidents/{id}/observables", second.get("id"))
			.header("Authorization", as("bob", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(observable("ipv4", "203[.]0[.]113[.]9"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.related[0].sharedObservables.length()")
			.isEqualTo(2);
		this.web.delete()
			.uri("/api/v1/incidents/{id}/observables/ipv4/203.0.113.9", second.get("id"))
			.header("Authorization", as("bob", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.web.get()
			.uri("/api/v1/observables/ipv4/203.0.113.9")
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.incidents.length()")
			.isEqualTo(1);
	}

	private static long number(Map<String, Object> incident) {
		String ref = (String) incident.get("ref");
		return Long.parseLong(ref.substring(ref.lastIndexOf('-') + 1));
	}

}
