package org.caduceus.escalation.coordination;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.bson.Document;
import org.caduceus.escalation.border.BorderRule;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationFilter;
import org.caduceus.escalation.casefile.EscalationKey;
import org.caduceus.escalation.casefile.EscalationStatus;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.identity.Role;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Coordinators escalate: the border policy first, then the outbox, then the partner. */
class EscalationApiIntegrationTests extends EscalationIntegrationTest {

	@Autowired
	EscalationStore store;

	@Test
	void anEscalationWhileIntakeDoesNotAnswerIsA503WithRetryAfterAndStoresNothing() {
		whileIntakeCannotAnswerAnEscalationIsA503(() -> neighbours.intakeGone = true);
	}

	@Test
	void anEscalationWhileIntakesStoreIsDownIsA503WithRetryAfterAndStoresNothing() {
		whileIntakeCannotAnswerAnEscalationIsA503(() -> neighbours.intakeReadStatus = 503);
	}

	private void whileIntakeCannotAnswerAnEscalationIsA503(Runnable intakeDown) {
		IncidentJson incident = new IncidentJson("green").atIntake();
		long before = stored();
		intakeDown.run();
		try {
			escalate(incident.id(), List.of(PARTNER), null, null).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.valueEquals("Retry-After", "5")
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:caduceus:problem:service-unavailable")
				.jsonPath("$.detail")
				.value((detail) -> assertThat(String.valueOf(detail)).doesNotContain("127.0.0.1")
					.doesNotContain("Exception")
					.doesNotContain("prematurely"))
				.jsonPath("$.requestId")
				.exists();
		}
		finally {
			neighbours.intakeGone = false;
			neighbours.intakeReadStatus = 200;
		}
		assertThat(stored()).isEqualTo(before);
		// intake back: the same request goes through
		escalate(incident.id(), List.of(PARTNER), null, null).expectStatus().isCreated();
	}

	@Test
	void escalatesAnAmberIncidentAndTheSnapshotThatLeftIsTheOneStored() {
		IncidentJson incident = new IncidentJson("amber").note("Backups offline", "amber")
			.note("Suspect is the night admin", "red")
			.atIntake();
		JsonNode created = escalate(incident.id(), List.of(PARTNER), null, null).expectStatus()
			.isCreated()
			.expectHeader()
			.exists("Location")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String id = created.get(0).get("id").asString();
		assertThat(created.get(0).get("status").asString()).isEqualTo("QUEUED");
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		JsonNode escalation = view(id);
		assertThat(escalation.get("partnerRef").asString()).startsWith("DE-2026-");
		assertThat(escalation.get("acknowledgedAt").isNull()).isFalse();
		List<String> removed = escalation.get("redactions")
			.valueStream()
			.map((r) -> r.get("field").asString())
			.toList();
		assertThat(removed).containsExactlyInAnyOrder("reporter.contact", "journal[1]", "journal.author");
		Neighbours.Sent sent = neighbours.sent.stream().filter((s) -> s.body().contains(id)).findFirst().orElseThrow();
		assertThat(sent.peer()).isEqualTo(PARTNER);
		assertThat(sent.authorization()).startsWith("Bearer ");
		JsonNode leftTheNode = Neighbours.JSON.readTree(sent.body()).get("snapshot");
		Escalation stored = this.store.find(new EscalationKey(id)).block();
		assertThat((Object) Neighbours.JSON.valueToTree(stored.snapshot())).isEqualTo(leftTheNode);
		assertThat(sent.body()).doesNotContain("ciso@hospital.example", "Jane Example", "night admin", "alice");
		assertThat(leftTheNode.get("sharedWith").get(0).asString()).isEqualTo(PARTNER);
		assertThat(escalation.get("timeline").valueStream().map((e) -> e.get("what").asString()).toList())
			.containsExactly("QUEUED", "DELIVERED", "ACKNOWLEDGED");
	}

	@Test
	void sharesTheContactPersonOnlyWithTheReportersConsent() {
		IncidentJson incident = new IncidentJson("green").consent().atIntake();
		String id = escalated(incident);
		eventually(() -> neighbours.sentFor(id, "escalations") == 1);
		assertThat(neighbours.sent.stream().filter((sent) -> sent.body().contains(id)).findFirst().orElseThrow().body())
			.contains("ciso@hospital.example");
	}

	@Test
	void refusesRedAndRecordsTheEscalationAsBlockedWithNothingSent() {
		IncidentJson incident = new IncidentJson("red").atIntake();
		escalate(incident.id(), List.of(PARTNER), null, null).expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:tlp-red-never-leaves")
			.jsonPath("$.violations[0].to")
			.isEqualTo(PARTNER);
		Escalation blocked = this.store.list(EscalationFilter.all(), 1).blockFirst();
		assertThat(blocked.status()).isEqualTo(EscalationStatus.BLOCKED);
		assertThat(blocked.blockedRule()).isEqualTo(BorderRule.RED_NEVER_LEAVES);
		Document stored = this.mongo.findById(blocked.key().value(), Document.class, "escalations").block();
		assertThat(stored.getString("blockedRule")).as("stored as the rule's name, as before")
			.isEqualTo("tlp-red-never-leaves");
		assertThat(stored.getString("severity")).isEqualTo("critical");
		assertThat(blocked.snapshot()).isNull();
		assertThat(blocked.outbox()).isEmpty();
		afterTwoDeliveryPasses();
		assertThat(neighbours.sent).noneMatch((sent) -> sent.body().contains(incident.ref()));
	}

	@Test
	void refusesAmberStrict() {
		IncidentJson incident = new IncidentJson("amber+strict").atIntake();
		escalate(incident.id(), List.of(PARTNER), null, null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:tlp-amber-strict-never-leaves");
		afterTwoDeliveryPasses();
		assertThat(neighbours.sent).noneMatch((sent) -> sent.body().contains(incident.ref()));
	}

	@Test
	void refusesAboveAPeersCeilingAndSendsToNoRecipientWhenOneIsRefused() {
		neighbours.peer("fr-partner", "green");
		IncidentJson incident = new IncidentJson("amber").atIntake();
		escalate(incident.id(), List.of(PARTNER, "fr-partner"), null, null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:tlp-above-peer-ceiling")
			.jsonPath("$.violations.length()")
			.isEqualTo(1)
			.jsonPath("$.violations[0].to")
			.isEqualTo("fr-partner");
		assertThat(stored()).isEqualTo(1);
		afterTwoDeliveryPasses();
		assertThat(neighbours.sent).noneMatch((sent) -> sent.body().contains(incident.ref()));
	}

	@Test
	void aCoordinatorLowersTheTlpOnlyWithARecordedReason() {
		neighbours.peer("fr-partner", "green");
		IncidentJson incident = new IncidentJson("amber").note("internal detail", "amber").atIntake();
		escalate(incident.id(), List.of("fr-partner"), "green", null).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("tlpReason");
		assertThat(stored()).isZero();
		String id = escalate(incident.id(), List.of("fr-partner"), "green", "IOCs only, cleared with the hospital")
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get(0)
			.get("id")
			.asString();
		JsonNode escalation = view(id);
		assertThat(escalation.get("snapshot").get("tlp").asString()).isEqualTo("green");
		assertThat(escalation.get("downgrade").get("reason").asString())
			.isEqualTo("IOCs only, cleared with the hospital");
		assertThat(escalation.get("downgrade").get("by").asString()).isEqualTo("carol");
		assertThat(escalation.get("snapshot").get("notes")).isEmpty();
		escalate(incident.id(), List.of(PARTNER), "red", "why not").expectStatus().isEqualTo(422);
	}

	@Test
	void amberFromAPartnerGoesBackToThatPartnerOnly() {
		neighbours.peer("fr-partner", "amber");
		IncidentJson incident = new IncidentJson("amber").fromPartner(PARTNER).atIntake();
		escalate(incident.id(), List.of("fr-partner"), null, null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:tlp-amber-not-onward");
		escalate(incident.id(), List.of(PARTNER), null, null).expectStatus().isCreated();
	}

	@Test
	void refusesBadRequestsWithTheFieldAtFaultAndStoresNothing() {
		IncidentJson incident = new IncidentJson("green").atIntake();
		escalate(incident.id(), List.of("nowhere"), null, null).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("to[0]");
		escalate("no-such-incident", List.of(PARTNER), null, null).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:incident-not-found");
		escalate(incident.id(), List.of(), null, null).expectStatus().isEqualTo(422);
		escalate(incident.id(), List.of(PARTNER, PARTNER), null, null).expectStatus().isEqualTo(422);
		escalate(incident.id(), List.of("Not A Node"), null, null).expectStatus().isEqualTo(422);
		escalate(incident.id(), List.of(TestIdentity.NODE), null, null).expectStatus().isEqualTo(422);
		escalate(incident.id(), List.of(PARTNER), "purple", "x").expectStatus().isEqualTo(422);
		post("/api/v1/escalations", "{\"incidentId\":\"" + incident.id() + "\",\"to\":[\"" + PARTNER + "\"]}")
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");
		post("/api/v1/escalations", "{\"incidentId\": ").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:malformed-json");
		post("/api/v1/escalations",
				"{\"incidentId\":\"x\",\"to\":[\"" + PARTNER + "\"],\"reason\":\"r\",\"priority\":\"now\"}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unknown-field");
		this.web.post()
			.uri("/api/v1/escalations")
			.header("Authorization", coordinator())
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("escalate it")
			.exchange()
			.expectStatus()
			.isEqualTo(415);
		assertThat(stored()).isZero();
		afterTwoDeliveryPasses();
		assertThat(neighbours.sent).noneMatch((sent) -> sent.body().contains(incident.ref()));
	}

	@Test
	void onlyCoordinatorsEscalateAndAuditorsReadWithoutPersonalData() {
		IncidentJson incident = new IncidentJson("green").consent().atIntake();
		this.web.post()
			.uri("/api/v1/escalations")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("incidentId", incident.id(), "to", List.of(PARTNER), "reason", "help"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(stored()).isZero();
		String id = escalated(incident);
		assertThat(view(id).get("snapshot").get("reporter").get("contact").isNull()).isFalse();
		this.web.get()
			.uri("/api/v1/escalations/" + id)
			.header("Authorization", TestIdentity.get().bearer("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.snapshot.reporter.contact")
			.doesNotExist();
		this.web.get()
			.uri("/api/v1/escalations/" + id)
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void listsByDirectionStatusAndPeerInCursorPages() {
		neighbours.partner = Neighbours::offline;
		neighbours.peer("fr-partner", "green");
		for (int i = 0; i < 3; i++) {
			IncidentJson incident = new IncidentJson("green").atIntake();
			escalate(incident.id(), List.of(PARTNER, "fr-partner"), null, null).expectStatus().isCreated();
		}
		JsonNode first = list("?direction=outbound&peer=" + PARTNER + "&limit=2");
		assertThat(first.get("items")).hasSize(2);
		JsonNode second = list(
				"?direction=outbound&peer=" + PARTNER + "&limit=2&after=" + first.get("next").asString());
		assertThat(second.get("items")).hasSize(1);
		assertThat(second.get("next").isNull()).isTrue();
		assertThat(list("?status=QUEUED&limit=200").get("items")).hasSize(6);
		assertThat(list("?direction=inbound").get("items")).isEmpty();
		this.web.get()
			.uri("/api/v1/escalations?status=LOST")
			.header("Authorization", coordinator())
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		this.web.get()
			.uri("/api/v1/escalations?after=garbage")
			.header("Authorization", coordinator())
			.exchange()
			.expectStatus()
			.isEqualTo(422);
	}

	@Test
	void listsEscalationsWhosePartnerIsLateUnderTheSla() {
		neighbours.partner = Neighbours::offline;
		IncidentJson incident = new IncidentJson("green").atIntake();
		String id = escalated(incident);
		assertThat(overdue()).isEmpty();
		// an escalation filed two hours ago: a critical one must have been acknowledged
		// in one
		Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS);
		this.mongo.updateFirst(
				org.springframework.data.mongodb.core.query.Query
					.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is(id)),
				new org.springframework.data.mongodb.core.query.Update().set("ackDueAt", twoHoursAgo.plusSeconds(3600)),
				"escalations")
			.block();
		JsonNode late = overdue();
		assertThat(late).hasSize(1);
		assertThat(late.get(0).get("sla").get("overdue").get(0).asString()).isEqualTo("acknowledgement");
	}

	private JsonNode overdue() {
		return getJson("/api/v1/escalations/overdue");
	}

	private JsonNode list(String query) {
		return getJson("/api/v1/escalations" + query);
	}

	private WebTestClient.ResponseSpec post(String path, String json) {
		return this.web.post()
			.uri(path)
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

}
