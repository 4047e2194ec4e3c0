package org.caduceus.intake.incident;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.caduceus.identity.Role;
import org.caduceus.intakecontract.InboundIncident;
import org.caduceus.intakecontract.LinkedIncident;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The escalation service's side of the contract, run against the real intake: its records
 * ({@code caduceus-intake-contract}) sent and read the way its {@code IntakeClient} does,
 * through a {@link WebClient} from Spring Boot's builder, whose JSON codecs the two
 * services configure alike
 * ({@code spring.jackson.deserialization.fail-on-unknown-properties}). A change of
 * intake's API that escalation has not followed fails here, not in the demo.
 */
@ServiceTest
class EscalationContractIntegrationTests {

	private static final String PARTNER = "de-bsi";

	@Autowired
	WebClient.Builder builder;

	@Autowired
	WebTestClient web;

	@LocalServerPort
	int port;

	@Test
	void filesWhatAPartnerEscalatedOnceAndAnswersWhatEscalationReads() {
		String escalationId = UUID.randomUUID().toString();
		// indicators of this test alone, so no other test's incident correlates with it
		String domain = "linked-" + escalationId.substring(0, 8) + ".example";
		InboundIncident inbound = new InboundIncident("DE-2026-000042",
				new InboundIncident.Shared("Ransomware on radiology PACS", "Encrypted PACS archive", "malicious-code",
						"infected-system", List.of("diagnostics-imaging"), null, "amber", "amber", "critical",
						"potential", "diverted",
						new InboundIncident.Reporter("St. Example Hospital", "healthcare-provider",
								new InboundIncident.Contact("Jane Example", "ciso@hospital.example", null), true),
						List.of(new InboundIncident.Observable("domain", domain),
								new InboundIncident.Observable("url", "https://" + domain + "/pay")),
						null, Instant.parse("2026-11-23T06:00:00Z"), Instant.parse("2026-11-23T06:30:00Z")));

		LinkedIncident linked = fileLinked(escalationId, inbound);
		assertThat(linked.ref()).matches("NL-\\d{4}-\\d{6}");
		// the sender retried: the same incident, not a second one
		assertThat(fileLinked(escalationId, inbound)).isEqualTo(linked);

		SourceIncident filed = incident(linked.id());
		assertThat(filed.id()).isEqualTo(linked.id());
		assertThat(filed.ref()).isEqualTo(linked.ref());
		assertThat(filed.title()).isEqualTo("Ransomware on radiology PACS");
		assertThat(filed.classification().rsitClass()).isEqualTo("malicious-code");
		assertThat(filed.classification().careServices()).containsExactly("diagnostics-imaging");
		assertThat(filed.tlp()).isEqualTo("amber");
		assertThat(filed.severity()).isEqualTo("critical");
		assertThat(filed.reporter().consentToShare()).isTrue();
		assertThat(filed.reporter().contact().email()).isEqualTo("ciso@hospital.example");
		assertThat(filed.observableList()).extracting(SourceIncident.Observable::value)
			.containsExactlyInAnyOrder(domain, "https://" + domain + "/pay");
		assertThat(filed.awareAt()).isEqualTo(Instant.parse("2026-11-23T06:30:00Z"));
		// the border policy reads where an incident came from, so it never goes back
		// there
		assertThat(filed.origin().partnerNode()).isEqualTo(PARTNER);
		assertThat(filed.origin().partnerRef()).isEqualTo("DE-2026-000042");
		assertThat(filed.origin().escalationId()).isEqualTo(escalationId);
	}

	@Test
	void answersAnIncidentItsCoordinatorEscalatesInWhatTheBorderPolicyDecidesOn() {
		String url = "https://escalated-" + UUID.randomUUID().toString().substring(0, 8) + ".example/x";
		String id = (String) IncidentFixtures
			.file(this.web, "alice", Role.ANALYST,
					IncidentFixtures.incident("Phishing wave against the pharmacy")
						.with("observables", List.of(IncidentFixtures.observable("url", url))))
			.get("id");
		this.web.post()
			.uri("/api/v1/incidents/{id}/notes", id)
			.header("Authorization", IncidentFixtures.as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new IncidentFixtures.Body().with("text", "C2 in the partner's country").with("tlp", "amber"))
			.exchange()
			.expectStatus()
			.isCreated();

		SourceIncident incident = incident(id);
		assertThat(incident.title()).isEqualTo("Phishing wave against the pharmacy");
		assertThat(incident.ref()).matches("NL-\\d{4}-\\d{6}");
		assertThat(incident.classification().rsitType()).isEqualTo("infected-system");
		assertThat(incident.classification().taxonomyVersion()).isNotBlank();
		assertThat(incident.tlp()).isEqualTo("amber");
		assertThat(incident.severity()).isEqualTo("high");
		assertThat(incident.patientSafetyImpact()).isEqualTo("potential");
		assertThat(incident.careDisruption()).isEqualTo("degraded");
		assertThat(incident.status()).isEqualTo("NEW");
		assertThat(incident.reporter().organisation()).isEqualTo("St. Example Hospital");
		assertThat(incident.reporter().entityType()).isEqualTo("healthcare-provider");
		assertThat(incident.reporter().consentToShare()).isFalse();
		assertThat(incident.observableList()).extracting(SourceIncident.Observable::value).containsExactly(url);
		assertThat(incident.notes()).singleElement().satisfies((note) -> {
			assertThat(note.text()).isEqualTo("C2 in the partner's country");
			assertThat(note.tlp()).isEqualTo("amber");
			assertThat(note.author()).isEqualTo("alice");
		});
		assertThat(incident.origin() == null || incident.origin().partnerNode() == null).isTrue();
	}

	@Test
	void anIncidentIntakeDoesNotKnowIsNotFound() {
		assertThatThrownBy(() -> incident(UUID.randomUUID().toString())).isInstanceOfSatisfying(
				WebClientResponseException.class, (ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(404));
	}

	/** As escalation's {@code IntakeClient.fileLinked}, in the partner's name. */
	private LinkedIncident fileLinked(String escalationId, InboundIncident inbound) {
		return client().put()
			.uri("/api/v1/incidents/inbound/{partner}/{escalationId}", PARTNER, escalationId)
			.header("Authorization", IncidentFixtures.as(PARTNER, Role.PEER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(inbound)
			.retrieve()
			.bodyToMono(LinkedIncident.class)
			.block();
	}

	/** As escalation's {@code IntakeClient.incident}, in the coordinator's name. */
	private SourceIncident incident(String id) {
		return client().get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", IncidentFixtures.as("carol", Role.COORDINATOR))
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(SourceIncident.class)
			.block();
	}

	private WebClient client() {
		return this.builder.clone().baseUrl("http://127.0.0.1:" + this.port).build();
	}

}
