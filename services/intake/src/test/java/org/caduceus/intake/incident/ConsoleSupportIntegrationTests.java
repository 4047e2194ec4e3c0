package org.caduceus.intake.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.caduceus.intake.incident.IncidentFixtures.as;
import static org.caduceus.intake.incident.IncidentFixtures.file;
import static org.caduceus.intake.incident.IncidentFixtures.incident;

/**
 * What the API gives a client such as the console so that it needs no rules of its own:
 * the transitions a user may make, the incidents nobody is on, the NIS2 board, and a
 * pasted block of observables typed and normalised without saving.
 */
@ServiceTest
class ConsoleSupportIntegrationTests {

	@Autowired
	WebTestClient web;

	@Test
	void namesTheTransitionsAWorkerMayMakeAndNoneToAReader() {
		String id = (String) file(this.web, "alice", Role.ANALYST, incident("Transitions")).get("id");
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.transitions")
			.isEqualTo(List.of("TRIAGED", "REJECTED", "DUPLICATE"));
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as("audrey", Role.AUDITOR))
			.exchange()
			.expectBody()
			.jsonPath("$.transitions")
			.isEmpty();
	}

	@Test
	void listsTheIncidentsNobodyIsAssignedTo() {
		String organisation = "Org-" + UUID.randomUUID();
		String free = (String) file(this.web, "alice", Role.ANALYST,
				incident("Free").with("reporter", Map.of("organisation", organisation)))
			.get("id");
		Map<String, Object> taken = file(this.web, "alice", Role.ANALYST,
				incident("Taken").with("reporter", Map.of("organisation", organisation)));
		this.web.put()
			.uri("/api/v1/incidents/{id}/assignee", taken.get("id"))
			.header("Authorization", as("alice", Role.ANALYST))
			.header("If-Match", "\"" + taken.get("version") + "\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("assignee", "alice"))
			.exchange()
			.expectStatus()
			.isOk();
		this.web.get()
			.uri("/api/v1/incidents?unassigned=true&reporterOrganisation={org}", organisation)
			.header("Authorization", as("carol", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(free);
	}

	@Test
	void theNis2BoardPutsTheMostUrgentFirstAndOnlyWhatTheUserMaySee() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String late = (String) file(this.web, "alice", Role.ANALYST, incident("Board late").with("significant", true)
			.with("awareAt", now.minus(Duration.ofHours(30)).toString())).get("id");
		String soon = (String) file(this.web, "alice", Role.ANALYST, incident("Board soon").with("significant", true)
			.with("awareAt", now.minus(Duration.ofHours(20)).toString())).get("id");
		String red = (String) file(this.web, "alice", Role.ANALYST,
				incident("Board red").with("significant", true)
					.with("tlp", "RED")
					.with("awareAt", now.minus(Duration.ofHours(40)).toString()))
			.get("id");
		List<Map<String, Object>> board = board("bob", Role.ANALYST);
		List<Object> ids = board.stream().map((entry) -> entry.get("incidentId")).toList();
		assertThat(ids).contains(late, soon).doesNotContain(red);
		assertThat(ids.indexOf(late)).isLessThan(ids.indexOf(soon));
		Map<String, Object> lateEntry = board.get(ids.indexOf(late));
		assertThat(lateEntry).containsEntry("overdue", true)
			.containsEntry("title", "Board late")
			.containsEntry("nextDueAt", now.minus(Duration.ofHours(6)).toString());
		assertThat(board.get(ids.indexOf(soon))).containsEntry("overdue", false);
		List<Object> dueAts = board.stream().map((entry) -> entry.get("nextDueAt")).toList();
		List<Object> dated = dueAts.stream().filter(java.util.Objects::nonNull).toList();
		assertThat(dated).isSortedAccordingTo((a, b) -> Instant.parse((String) a).compareTo(Instant.parse((String) b)));
		assertThat(dueAts.subList(0, dated.size())).doesNotContainNull();
		assertThat(board("alice", Role.ANALYST).stream().map((entry) -> entry.get("incidentId"))).contains(red);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> board(String user, Role role) {
		Map<String, Object> body = this.web.get()
			.uri("/api/v1/nis2/board")
			.header("Authorization", as(user, role))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (List<Map<String, Object>>) body.get("incidents");
	}

	@Test
	void typesAndNormalisesAPastedBlockWithoutSavingIt() {
		String text = """
				# from the hospital's firewall
				hxxps://evil[.]example/drop?x=1
				192.0.2[.]1
				ipv4 198.51.100.7
				44d88612fea8a8f36de82e1278abb02f
				CVE-2024-3400
				not an indicator at all
				admin[@]evil-mail[.]example
				""";
		Map<?, ?> parsed = this.web.post()
			.uri("/api/v1/observables/parse")
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", text))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> lines = (List<Map<String, Object>>) parsed.get("lines");
		assertThat(lines).extracting((line) -> line.get("type") + " " + line.get("value"))
			.containsExactly("url https://evil.example/drop?x=1", "ipv4 192.0.2.1", "ipv4 198.51.100.7",
					"md5 44d88612fea8a8f36de82e1278abb02f", "cve CVE-2024-3400", "null null",
					"email admin@evil-mail.example");
		assertThat(lines.get(5)).containsEntry("line", 7);
		assertThat((String) lines.get(5).get("reason")).startsWith("domain: ");
		assertThat(parsed.get("valid")).isEqualTo(6);
		assertThat(parsed.get("invalid")).isEqualTo(1);
		this.web.get()
			.uri("/api/v1/observables/ipv4/192.0.2.1")
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.incidents.length()")
			.isEqualTo(0);
	}

	@Test
	void refusesABlockTooLongAndReadersWhoMayNotFile() {
		this.web.post()
			.uri("/api/v1/observables/parse")
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "192.0.2.1\n".repeat(501)))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.post()
			.uri("/api/v1/observables/parse")
			.header("Authorization", as("audrey", Role.AUDITOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "192.0.2.1"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

}
