package org.caduceus.escalation.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationKey;
import org.caduceus.escalation.casefile.EscalationStatus;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.identity.Role;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the border is checked when a queued escalation is about to leave, against the
 * incident and the peer as they are then; and a coordinator withdraws an escalation,
 * queued or delivered.
 */
class WithdrawalIntegrationTests extends EscalationIntegrationTest {

	@Autowired
	EscalationStore store;

	@Test
	void aQueuedEscalationWithdrawnLeavesNothingEvenWhenThePartnerComesBack() {
		neighbours.partner = Neighbours::offline;
		String id = escalated(new IncidentJson("amber").atIntake());
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		// a worker may hold it for an attempt at this moment: then 409, and again
		eventually(() -> withdraw(id, coordinator()).returnResult(JsonNode.class).getStatus().value() == 200);
		JsonNode withdrawn = view(id);
		assertThat(withdrawn.get("status").asString()).isEqualTo("WITHDRAWN");
		assertThat(withdrawn.get("statusReason").asString()).isEqualTo("raised to RED");
		assertThat(withdrawn.get("delivery").get("pending").asInt()).isZero();
		neighbours.partner = neighbours::onlinePartner;
		retry();
		afterTwoDeliveryPasses();
		assertThat(neighbours.partnerStore).doesNotContainKey(escalationIdOf(id));
		assertThat(view(id).get("status").asString()).isEqualTo("WITHDRAWN");
		assertThat(withdrawn.get("timeline").valueStream().map((e) -> e.get("what").asString()).toList())
			.endsWith("WITHDRAWN");
	}

	@Test
	void aDeliveredEscalationWithdrawnTellsThePartnerBySignedStatus() {
		String id = escalated(new IncidentJson("green").atIntake());
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		withdraw(id, coordinator()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WITHDRAWN");
		eventually(() -> neighbours.sentFor(id, "escalations/" + id + "/status") == 1);
		Neighbours.Sent status = neighbours.sent.stream()
			.filter((sent) -> sent.path().endsWith("/status"))
			.findFirst()
			.orElseThrow();
		JsonNode body = Neighbours.JSON.readTree(status.body());
		assertThat(body.get("status").asString()).isEqualTo("CLOSED");
		assertThat(body.get("reason").asString()).isEqualTo("withdrawn by the sender: raised to RED");
		eventually(() -> view(id).get("delivery").get("pending").asInt() == 0);
		withdraw(id, coordinator()).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:transition-not-allowed");
	}

	@Test
	void aWithdrawalIsRefusedWhileAWorkerHoldsTheEscalationAndNothingChanges() {
		neighbours.partner = Neighbours::offline;
		String id = escalated(new IncidentJson("green").atIntake());
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		Instant now = Instant.now();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().set("nextAttemptAt", now.plus(Duration.ofHours(1)))
					.set("leaseOwner", "other-worker")
					.set("leaseUntil", now.plus(Duration.ofHours(1))),
				"escalations")
			.block();
		Escalation before = this.store.find(new EscalationKey(id)).block();
		withdraw(id, coordinator()).expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:transition-not-allowed");
		Escalation after = this.store.find(new EscalationKey(id)).block();
		assertThat(after.status()).isEqualTo(EscalationStatus.QUEUED);
		assertThat(after.revision()).isEqualTo(before.revision());
		assertThat(after.outbox()).hasSize(1);
	}

	@Test
	void onlyCoordinatorsWithdrawAndAWithdrawalNeedsAReason() {
		String id = escalated(new IncidentJson("green").atIntake());
		withdraw(id, TestIdentity.get().bearer("dave", Role.AUDITOR)).expectStatus().isForbidden();
		this.web.post()
			.uri("/api/v1/escalations/" + id + "/withdraw")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", " "))
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		withdraw("0b7c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e", coordinator()).expectStatus().isNotFound();
	}

	private WebTestClient.ResponseSpec withdraw(String id, String bearer) {
		return this.web.post()
			.uri("/api/v1/escalations/" + id + "/withdraw")
			.header("Authorization", bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "raised to RED"))
			.exchange();
	}

	private void retry() {
		this.web.post()
			.uri("/api/v1/escalations/retry")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("peer", PARTNER))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
