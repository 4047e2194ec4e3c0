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
class SendTimeBorderIntegrationTests extends EscalationIntegrationTest {

	@Autowired
	EscalationStore store;

	/**
	 * The reviewed sequence: AMBER escalated while the partner is offline, raised to RED
	 * by a coordinator, the partner comes back (an operator retries): the AMBER snapshot
	 * used to leave.
	 */
	@Test
	void anIncidentRaisedToRedWhileItsEscalationWaitsIsBlockedAtSendAndNothingLeaves() {
		neighbours.partner = Neighbours::offline;
		IncidentJson incident = new IncidentJson("amber").atIntake();
		String id = escalated(incident);
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		whileItWaits(id, () -> intakeNowShows(incident.id(), "red"));
		neighbours.partner = neighbours::onlinePartner;
		retry();
		eventually(() -> "BLOCKED".equals(view(id).get("status").asString()));
		JsonNode blocked = view(id);
		assertThat(blocked.get("blockedRule").asString()).isEqualTo("tlp-red-never-leaves");
		assertThat(blocked.get("statusReason").asString()).contains("At send time", incident.ref(), "TLP:RED");
		assertThat(blocked.get("delivery").get("pending").asInt()).isZero();
		assertThat(blocked.get("timeline").valueStream().map((e) -> e.get("what").asString()).toList())
			.containsExactly("QUEUED", "BLOCKED");
		afterTwoDeliveryPasses();
		assertThat(neighbours.partnerStore).doesNotContainKey(escalationIdOf(id));
		assertThat(neighbours.deliveries).doesNotContainKey(id);
		assertThat(neighbours.askedBy).as("the worker reads the incident as the escalation service")
			.contains("escalation");
	}

	@Test
	void anIncidentWhoseTlpWasRaisedSinceItWasQueuedDoesNotLeaveUnderItsOldSnapshot() {
		neighbours.partner = Neighbours::offline;
		IncidentJson incident = new IncidentJson("green").atIntake();
		String id = escalated(incident);
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		whileItWaits(id, () -> intakeNowShows(incident.id(), "amber"));
		neighbours.partner = neighbours::onlinePartner;
		retry();
		eventually(() -> "BLOCKED".equals(view(id).get("status").asString()));
		assertThat(view(id).get("blockedRule").asString()).isEqualTo("tlp-raised-since-queued");
		afterTwoDeliveryPasses();
		assertThat(neighbours.partnerStore).doesNotContainKey(escalationIdOf(id));
	}

	@Test
	void aPeerWhoseCeilingWasLoweredSinceItWasQueuedReceivesNothingAbove() {
		neighbours.partner = Neighbours::offline;
		String id = escalated(new IncidentJson("amber").atIntake());
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		whileItWaits(id, () -> neighbours.peer(PARTNER, "green"));
		neighbours.partner = neighbours::onlinePartner;
		retry();
		eventually(() -> "BLOCKED".equals(view(id).get("status").asString()));
		assertThat(view(id).get("blockedRule").asString()).isEqualTo("tlp-above-peer-ceiling");
		assertThat(neighbours.partnerStore).doesNotContainKey(escalationIdOf(id));
	}

	@Test
	void anIncidentIntakeDoesNotConfirmIsNotSentButTriedAgain() {
		IncidentJson incident = new IncidentJson("green").atIntake();
		neighbours.partner = Neighbours::offline;
		String id = escalated(incident);
		eventually(() -> view(id).get("delivery").get("attempts").asInt() >= 1);
		neighbours.incidents.remove(incident.id());
		neighbours.partner = neighbours::onlinePartner;
		eventually(
				() -> String.valueOf(view(id).get("delivery").get("lastError").asString()).contains("not confirmed"));
		assertThat(view(id).get("status").asString()).isEqualTo("QUEUED");
		assertThat(neighbours.partnerStore).doesNotContainKey(escalationIdOf(id));
		incident.atIntake();
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
	}

	/**
	 * Makes {@code change} while the escalation waits for the offline partner, and waits
	 * until an attempt that began after it has settled: one under way before it may have
	 * read what was before.
	 */
	private void whileItWaits(String id, Runnable change) {
		int before = view(id).get("delivery").get("attempts").asInt();
		change.run();
		eventually(() -> {
			JsonNode now = view(id);
			return "BLOCKED".equals(now.get("status").asString())
					|| now.get("delivery").get("attempts").asInt() >= before + 2;
		});
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

	/** A coordinator changed the incident's TLP in intake. */
	private static void intakeNowShows(String incidentId, String tlp) {
		neighbours.intakeNowShows(incidentId, tlp);
	}

}
