package org.caduceus.intake.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.caduceus.intake.incident.IncidentFixtures.as;
import static org.caduceus.intake.incident.IncidentFixtures.conditional;
import static org.caduceus.intake.incident.IncidentFixtures.file;
import static org.caduceus.intake.incident.IncidentFixtures.incident;

/** The lifecycle, access and privacy rules of incidents. */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class IncidentRulesIntegrationTests {

	@Autowired
	WebTestClient web;

	@Test
	void followsTheLifecycleAndNamesTheAllowedMovesWhenRefusing() {
		String id = (String) file(this.web, "alice", Role.ANALYST, incident("Lifecycle")).get("id");
		move(id, 0, "in_progress", null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:transition-not-allowed")
			.jsonPath("$.allowed")
			.isEqualTo(java.util.List.of("DUPLICATE", "REJECTED", "TRIAGED"));
		move(id, 0, "TRIAGED", null).expectStatus().isOk();
		move(id, 1, "IN_PROGRESS", null).expectStatus().isOk();
		move(id, 2, "RESOLVED", null).expectStatus().isOk().expectBody().jsonPath("$.resolvedAt").exists();
		move(id, 3, "IN_PROGRESS", null).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");
		move(id, 3, "IN_PROGRESS", "Ransomware came back on a second server").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("IN_PROGRESS")
			.jsonPath("$.resolvedAt")
			.doesNotExist();
		move(id, 4, "RESOLVED", null).expectStatus().isOk();
		move(id, 5, "CLOSED", null).expectStatus().isOk();
		move(id, 6, "IN_PROGRESS", "again").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.allowed.length()")
			.isEqualTo(0);
		conditional(this.web, HttpMethod.PATCH, "/api/v1/incidents/{id}", id, as("alice", Role.ANALYST), "\"6\"",
				Map.of("title", "closed incidents do not change"))
			.expectStatus()
			.isEqualTo(409);
	}

	@Test
	void marksADuplicateOnlyWithAnExistingSurvivor() {
		String survivor = (String) file(this.web, "alice", Role.ANALYST, incident("Survivor")).get("id");
		String copy = (String) file(this.web, "bob", Role.ANALYST, incident("Copy")).get("id");
		transition(copy, 0, Map.of("to", "DUPLICATE")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("duplicateOf");
		transition(copy, 0, Map.of("to", "DUPLICATE", "duplicateOf", "no-such-incident")).expectStatus().isEqualTo(422);
		transition(copy, 0, Map.of("to", "DUPLICATE", "duplicateOf", survivor, "reason", "same outbreak"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.duplicateOf")
			.isEqualTo(survivor);
	}

	@Test
	void showsTlpRedIncidentsOnlyToTheirCreatorAssigneeAndCoordinators() {
		String id = (String) file(this.web, "alice", Role.ANALYST, incident("Red one").with("tlp", "red")).get("id");
		see(id, "alice", Role.ANALYST).isOk();
		see(id, "carol", Role.COORDINATOR).isOk();
		see(id, "mallory", Role.ANALYST).isNotFound();
		see(id, "audrey", Role.AUDITOR).isNotFound();
		conditional(this.web, HttpMethod.PUT, "/api/v1/incidents/{id}/assignee", id, as("carol", Role.COORDINATOR),
				"\"0\"", Map.of("assignee", "dave"))
			.expectStatus()
			.isOk();
		see(id, "dave", Role.ANALYST).isOk();
		this.web.get()
			.uri("/api/v1/incidents?tlp=red")
			.header("Authorization", as("mallory", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.items[?(@.id == '" + id + "')]")
			.doesNotExist();
		this.web.get()
			.uri("/api/v1/incidents?tlp=red")
			.header("Authorization", as("carol", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.items[?(@.id == '" + id + "')]")
			.exists();
	}

	@Test
	void givesEachRoleOnlyWhatItNeeds() {
		String id = (String) file(this.web, "alice", Role.ANALYST, incident("Roles")).get("id");
		this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", as("audrey", Role.AUDITOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(incident("auditors do not file"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:forbidden");
		see(id, "root", Role.ADMIN).isForbidden();
		this.web.post()
			.uri("/api/v1/incidents/{id}/notes", id)
			.header("Authorization", as("audrey", Role.AUDITOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "read-only"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.reporter.organisation")
			.isEqualTo("St. Example Hospital")
			// the contact person is personal data: not for auditors
			.jsonPath("$.reporter.contact")
			.doesNotExist();
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as("bob", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.reporter.contact.email")
			.isEqualTo("jane.example@hospital.example");
	}

	@Test
	void neverWritesTheReportersPersonalDataToTheLog(CapturedOutput output) {
		var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.caduceus");
		var level = logger.getLevel();
		logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
		try {
			var body = incident("Privacy");
			String id = (String) file(this.web, "alice", Role.ANALYST, body).get("id");
			conditional(this.web, HttpMethod.PATCH, "/api/v1/incidents/{id}", id, as("alice", Role.ANALYST), "\"0\"",
					Map.of("reporter",
							Map.of("organisation", "St. Example Hospital", "contact",
									Map.of("name", "Dr. John Private", "email", "john.private@hospital.example"))))
				.expectStatus()
				.isOk();
		}
		finally {
			logger.setLevel(level);
		}
		assertThat(output.getAll()).contains("filed")
			.doesNotContain("jane.example@hospital.example")
			.doesNotContain("Jane Example")
			.doesNotContain("john.private")
			.doesNotContain("555 0100");
	}

	@Test
	void recordsTheContactChangeInHistoryWithoutItsValues() {
		String id = (String) file(this.web, "alice", Role.ANALYST, incident("History privacy")).get("id");
		conditional(this.web, HttpMethod.PATCH, "/api/v1/incidents/{id}", id, as("alice", Role.ANALYST), "\"0\"",
				Map.of("reporter", Map.of("organisation", "St. Example Hospital", "contact",
						Map.of("email", "new.contact@hospital.example"))))
			.expectStatus()
			.isOk();
		this.web.get()
			.uri("/api/v1/incidents/{id}/history", id)
			.header("Authorization", as("carol", Role.COORDINATOR))
			.exchange()
			.expectBody(String.class)
			.value((history) -> assertThat(history).contains("reporter.contact")
				.contains("(personal data)")
				.doesNotContain("new.contact@hospital.example"));
	}

	@Test
	void runsTheNis2ClockAndListsOverdueReports() {
		Instant aware = Instant.now().minus(Duration.ofHours(100)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		String id = (String) file(this.web, "alice", Role.ANALYST,
				incident("Significant").with("significant", true)
					.with("awareAt", aware.toString())
					.with("crossBorderImpact", true)
					.observables(IncidentFixtures.observable("domain", "evil-example.org")))
			.get("id");
		this.web.get()
			.uri("/api/v1/incidents/{id}/nis2", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.obligations[0].report")
			.isEqualTo("EARLY_WARNING")
			.jsonPath("$.obligations[0].dueAt")
			.isEqualTo(aware.plus(Duration.ofHours(24)).toString())
			.jsonPath("$.obligations[0].overdue")
			.isEqualTo(true)
			.jsonPath("$.obligations[1].report")
			.isEqualTo("NOTIFICATION")
			.jsonPath("$.obligations[1].overdue")
			.isEqualTo(true)
			.jsonPath("$.obligations[2].report")
			.isEqualTo("FINAL")
			.jsonPath("$.obligations[2].dueAt")
			.doesNotExist();
		this.web.get()
			.uri("/api/v1/nis2/overdue")
			.header("Authorization", as("carol", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.incidents[?(@.incidentId == '" + id + "')]")
			.exists();
		Instant warned = aware.plus(Duration.ofHours(20));
		Instant notified = aware.plus(Duration.ofHours(70));
		submit(id, "early-warning", warned).isCreated();
		submit(id, "notification", notified).isCreated();
		submit(id, "notification", notified).isEqualTo(422);
		this.web.get()
			.uri("/api/v1/incidents/{id}/nis2", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectBody()
			.jsonPath("$.obligations[0].overdue")
			.isEqualTo(false)
			.jsonPath("$.obligations[1].submittedAt")
			.isEqualTo(notified.toString())
			.jsonPath("$.obligations[2].report")
			.isEqualTo("FINAL")
			.jsonPath("$.obligations[2].dueAt")
			.isEqualTo(notified.atOffset(java.time.ZoneOffset.UTC).plusMonths(1).toInstant().toString());
		this.web.get()
			.uri("/api/v1/nis2/overdue")
			.header("Authorization", as("carol", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.incidents[?(@.incidentId == '" + id + "')]")
			.doesNotExist();
		this.web.get()
			.uri("/api/v1/incidents/{id}/nis2/reports/notification", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.earlyWarning.suspectedUnlawfulOrMalicious")
			.isEqualTo(true)
			.jsonPath("$.earlyWarning.possibleCrossBorderImpact")
			.isEqualTo(true)
			.jsonPath("$.severity")
			.isEqualTo("high")
			.jsonPath("$.impact.careDisruption")
			.isEqualTo("degraded")
			.jsonPath("$.indicators[0]")
			.isEqualTo("domain:evil-example.org");
		this.web.get()
			.uri("/api/v1/incidents/{id}/nis2/reports/early-warning", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.accept(MediaType.parseMediaType("text/markdown"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/markdown"))
			.expectBody(String.class)
			.value((markdown) -> assertThat(markdown).startsWith("# NIS2 early warning (Art. 23(4)(a))")
				.contains("Suspected to be caused by unlawful or malicious acts: yes")
				.contains("Could have a cross-border impact: yes")
				.doesNotContain("jane.example"));
	}

	private org.springframework.test.web.reactive.server.StatusAssertions submit(String id, String report, Instant at) {
		return this.web.post()
			.uri("/api/v1/incidents/{id}/nis2/submissions", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("report", report, "submittedAt", at.toString(), "reference", "CSIRT-42"))
			.exchange()
			.expectStatus();
	}

	private WebTestClient.ResponseSpec move(String id, long version, String to, String reason) {
		Map<String, Object> body = new java.util.HashMap<>();
		body.put("to", to);
		if (reason != null) {
			body.put("reason", reason);
		}
		return transition(id, version, body);
	}

	private WebTestClient.ResponseSpec transition(String id, long version, Map<String, ?> body) {
		return this.web.post()
			.uri("/api/v1/incidents/{id}/transitions", id)
			.header("Authorization", as("bob", Role.ANALYST))
			.header("If-Match", "\"" + version + "\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private org.springframework.test.web.reactive.server.StatusAssertions see(String id, String user, Role role) {
		return this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as(user, role))
			.exchange()
			.expectStatus();
	}

}
