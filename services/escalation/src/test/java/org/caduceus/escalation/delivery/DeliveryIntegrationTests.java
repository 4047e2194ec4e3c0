package org.caduceus.escalation.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.caduceus.escalation.casefile.DeliverySignal;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationKey;
import org.caduceus.escalation.casefile.EscalationStatus;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.escalation.intake.IntakeClient;
import org.caduceus.escalation.settings.EscalationSettings;
import org.caduceus.gatewayclient.GatewayClient;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox against a partner that goes offline, refuses, or is slow, and workers that
 * die or run side by side: nothing is lost and the partner files nothing twice.
 */
class DeliveryIntegrationTests extends EscalationIntegrationTest {

	@Autowired
	EscalationStore store;

	@Autowired
	GatewayClient gateway;

	@Autowired
	IntakeClient intake;

	@Autowired
	DeliverySignal signal;

	@Autowired
	JsonMapper json;

	@Autowired
	EscalationSettings settings;

	@Test
	void staysQueuedWithItsNextAttemptShownWhileThePartnerIsOfflineAndIsDeliveredOnceWhenItReturns() {
		neighbours.partner = Neighbours::offline;
		String id = escalated(new IncidentJson("amber").atIntake());
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 2);
		JsonNode waiting = view(id);
		assertThat(waiting.get("status").asString()).isEqualTo("QUEUED");
		assertThat(waiting.get("delivery").get("nextAttemptAt").isNull()).isFalse();
		assertThat(waiting.get("delivery").get("lastError").asString()).contains("502", "peer-unreachable");
		assertThat(neighbours.partnerStore).doesNotContainKey(escalationIdOf(id));
		neighbours.partner = neighbours::onlinePartner;
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		assertThat(neighbours.partnerStore).containsKey(escalationIdOf(id));
		JsonNode delivered = view(id);
		assertThat(delivered.get("delivery").get("pending").asInt()).isZero();
		assertThat(delivered.get("delivery").get("nextAttemptAt").isNull()).isTrue();
		afterTwoDeliveryPasses();
		assertThat(neighbours.deliveries.get(id).get()).as("deliveries once the partner is back").isEqualTo(1);
		assertThat(neighbours.partnerStore.keySet()).containsExactly(id);
	}

	@Test
	void anOperatorMakesEverythingWaitingForAPeerDueNow() {
		neighbours.partner = Neighbours::offline;
		String id = escalated(new IncidentJson("green").atIntake());
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		// as if the partner had been away long enough for the backoff to grow to hours
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(id)),
					new Update().set("nextAttemptAt", Instant.now().plus(Duration.ofHours(3))), "escalations")
			.block();
		neighbours.partner = neighbours::onlinePartner;
		this.web.post()
			.uri("/api/v1/escalations/retry")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("peer", PARTNER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.due")
			.isEqualTo(1);
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
	}

	@Test
	void failsWithThePartnersReasonWhenThePartnerRefusesTheContent() {
		neighbours.partner = (sent) -> new Neighbours.Reply(422,
				"{\"type\":\"urn:caduceus:problem:snapshot-refused\",\"detail\":\"unknown rsit type\"}");
		String id = escalated(new IncidentJson("green").atIntake());
		eventually(() -> "FAILED".equals(view(id).get("status").asString()));
		JsonNode failed = view(id);
		assertThat(failed.get("statusReason").asString()).contains("refused by " + PARTNER, "422", "unknown rsit type");
		assertThat(failed.get("delivery").get("pending").asInt()).isZero();
		afterTwoDeliveryPasses();
		assertThat(neighbours.sentFor(id, "escalations")).isEqualTo(1);
	}

	@Test
	void keepsWaitingWhileAnAdminReAddsThePeer() {
		neighbours.partner = (sent) -> new Neighbours.Reply(404,
				"{\"type\":\"urn:caduceus:problem:unknown-peer\",\"status\":404}");
		String id = escalated(new IncidentJson("green").atIntake());
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 2);
		assertThat(view(id).get("status").asString()).isEqualTo("QUEUED");
		neighbours.partner = neighbours::onlinePartner;
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
	}

	@Test
	void failsAfterRetryingForTheWholeWindow() {
		neighbours.partner = Neighbours::offline;
		String id = escalated(new IncidentJson("green").atIntake());
		// the message was queued 73 hours ago: the next failure is the last
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(id)),
					new Update().set("outbox.0.enqueuedAt", Instant.now().minus(Duration.ofHours(73))), "escalations")
			.block();
		eventually(() -> "FAILED".equals(view(id).get("status").asString()));
		assertThat(view(id).get("statusReason").asString()).startsWith("not delivered within 72 h");
	}

	@Test
	void aWorkerThatDiesBetweenSendingAndSettlingLosesNothingAndDuplicatesNothing() {
		neighbours.partner = Neighbours::offline;
		String id = escalated(new IncidentJson("amber").atIntake());
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		neighbours.partner = neighbours::onlinePartner;
		// a worker of another replica claims it, sends, and dies before settling
		Instant now = Instant.now();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().set("nextAttemptAt", now)
					.set("leaseOwner", "dead-worker")
					.set("leaseUntil", now.plus(Duration.ofSeconds(1))),
				"escalations")
			.block();
		Escalation claimed = this.store.find(new EscalationKey(id)).block();
		this.gateway.send(PARTNER, "escalations", claimed.outbox().get(0).body().getBytes(StandardCharsets.UTF_8))
			.block();
		assertThat(neighbours.partnerStore).containsKey(id);
		assertThat(claimed.status()).isEqualTo(EscalationStatus.QUEUED);
		// the lease runs out; this node's worker sends again and the partner's receipt
		// settles it
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		assertThat(neighbours.sentFor(id, "escalations")).isGreaterThanOrEqualTo(2);
		assertThat(neighbours.partnerStore).containsKey(escalationIdOf(id));
		assertThat(view(id).get("partnerRef").asString())
			.isEqualTo(Neighbours.JSON.readTree(neighbours.partnerStore.get(id)).get("linkedRef").asString());
	}

	@Test
	void workersOfSeveralReplicasSendEachMessageOnce() {
		neighbours.partner = Neighbours::offline;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			ids.add(escalated(new IncidentJson("green").atIntake()));
		}
		eventually(() -> ids.stream().allMatch((id) -> view(id).get("delivery").get("attempts").asInt() >= 1));
		neighbours.partner = neighbours::onlinePartner;
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.mongo.updateMulti(new Query(), new Update().set("nextAttemptAt", now), "escalations").block();
		// three more replicas' workers race this node's own for the same escalations
		List<DeliveryWorker> replicas = List.of(replica(), replica(), replica());
		Flux.fromIterable(replicas).flatMap(DeliveryWorker::drain).blockLast();
		eventually(() -> ids.stream().allMatch((id) -> "ACKNOWLEDGED".equals(view(id).get("status").asString())));
		// retries while the partner was away may still be in flight; once it is back,
		// each
		// escalation reaches it exactly once however many workers race for it
		for (String id : ids) {
			assertThat(neighbours.deliveries.get(id).get()).as(id).isEqualTo(1);
		}
		assertThat(neighbours.partnerStore).hasSize(30);
	}

	@Test
	void decisionsAndNotesReachThePartnerInOrder() {
		String id = escalated(new IncidentJson("green").atIntake());
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		this.web.post()
			.uri("/api/v1/escalations/" + id + "/notes")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "The C2 domain resolves to a host in your constituency"))
			.exchange()
			.expectStatus()
			.isOk();
		eventually(() -> neighbours.sentFor(id, "escalations/" + id + "/notes") == 1);
		Neighbours.Sent note = neighbours.sent.stream()
			.filter((sent) -> sent.path().endsWith("/notes"))
			.findFirst()
			.orElseThrow();
		assertThat(note.body()).contains("resolves to a host").doesNotContain("carol");
		this.web.post()
			.uri("/api/v1/escalations/" + id + "/decision")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("decision", "accept"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:transition-not-allowed");
	}

	@Test
	void aMessageLeftWithoutAPlannedAttemptIsDeliveredByTheRepair() {
		String id = escalated(new IncidentJson("green").atIntake());
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		// a worker settled one message and died before planning the next, queued
		// meanwhile
		String noteId = UUID.randomUUID().toString();
		Escalation.Message note = new Escalation.Message(UUID.randomUUID().toString(), Escalation.Message.Kind.NOTE,
				"escalations/" + id + "/notes", "{\"escalationId\":\"" + id + "\",\"from\":\"" + TestIdentity.NODE
						+ "\",\"noteId\":\"" + noteId + "\",\"at\":\"" + Instant.now() + "\",\"text\":\"left behind\"}",
				Instant.now(), null);
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(id)),
					new Update().push("outbox", note).inc("pending", 1).set("nextAttemptAt", null), "escalations")
			.block();
		eventually(() -> neighbours.sentFor(id, "escalations/" + id + "/notes") == 1);
		eventually(() -> view(id).get("delivery").get("pending").asInt() == 0);
	}

	private DeliveryWorker replica() {
		return new DeliveryWorker(this.store, this.gateway, this.intake, this.signal, this.json, this.settings,
				Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(1));
	}

}
