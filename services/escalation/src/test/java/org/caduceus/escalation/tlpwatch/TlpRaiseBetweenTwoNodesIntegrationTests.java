package org.caduceus.escalation.tlpwatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.caduceus.escalation.PartnerNode;
import org.caduceus.identity.Role;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, both halves at once: this node (A, {@code test-node}) escalates to the
 * partner node (B, {@code de-partner}), a second escalation service started beside it;
 * each one's egress is relayed to the other's federation API. An AMBER incident delivered
 * to B and then raised to RED on A becomes RED on B through the signed TLP message, and B
 * can then share it with nobody, its origin included; the same message again changes
 * nothing, and the same message from another peer is refused as one about no escalation.
 */
class TlpRaiseBetweenTwoNodesIntegrationTests extends EscalationIntegrationTest {

	private static PartnerNode partnerNode;

	@BeforeAll
	static void startThePartnerNode() {
		partnerNode = PartnerNode.start(PARTNER, neighbours);
	}

	@AfterAll
	static void stopThePartnerNode() {
		partnerNode.close();
	}

	@BeforeEach
	void connectTheTwoNodes() {
		partnerNode.forget();
		neighbours.peer(TestIdentity.NODE, "amber");
		neighbours.partner = (sent) -> sent.peer().equals(PARTNER) ? partnerNode.receive(sent, TestIdentity.NODE)
				: PartnerNode.relay(this.web, sent, peer(PARTNER));
	}

	@Test
	void anAmberIncidentRaisedToRedAfterDeliveryBecomesRedAtThePartnerAndGoesNowhereFromThere() throws IOException {
		IncidentJson incident = new IncidentJson("amber").atIntake();
		String id = escalated(incident);
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		String atPartner = TestIdentity.NODE + ":" + id;
		JsonNode received = partnerNode.view(atPartner);
		String linkedId = received.get("incidentId").asString();
		assertThat(linkedIncident(linkedId).tlp()).isEqualTo("amber");
		assertThat(linkedIncident(linkedId).origin().partnerNode()).isEqualTo(TestIdentity.NODE);

		Instant raisedAt = Instant.now();
		neighbours.intakeNowShows(incident.id(), "red");
		eventually(() -> partnerNode.view(atPartner)
			.get("timeline")
			.valueStream()
			.anyMatch((event) -> event.get("what").asString().equals("TLP raised")));
		assertThat(linkedIncident(linkedId).tlp()).isEqualTo("red");
		JsonNode raisedThere = lastEvent(partnerNode.view(atPartner));
		assertThat(raisedThere.get("by").asString()).isEqualTo(TestIdentity.NODE);
		assertThat(raisedThere.get("detail").asString()).startsWith("TLP:AMBER -> TLP:RED");
		// intake on B was asked, through its inbound contract and as the origin, to raise
		// the linked incident and its floor: PartnerTlpFloorIntegrationTests (intake)
		// shows no local user lowering it below that
		List<Neighbours.Filed> toIntake = neighbours.filed.stream()
			.filter((filed) -> filed.escalationId().equals(id))
			.toList();
		assertThat(toIntake).hasSize(2);
		assertThat(toIntake.get(1).partner()).isEqualTo(TestIdentity.NODE);
		assertThat(Neighbours.JSON.readTree(toIntake.get(1).body()).get("incident").get("tlp").asString())
			.isEqualTo("red");
		record(raisedAt, lastEvent(view(id)), raisedThere);

		// B shares it onward: back to its origin (which AMBER allowed) and with a
		// downgrade, both refused now
		escalate(partnerNode.web, partnerNode.coordinator(), linkedId, List.of(TestIdentity.NODE), null, null)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:tlp-red-never-leaves");
		escalate(partnerNode.web, partnerNode.coordinator(), linkedId, List.of(TestIdentity.NODE), "amber",
				"the partner is the origin")
			.expectStatus()
			.isEqualTo(409);

		// the signed update again (a retry, or a replay past the gateway): applied once
		Neighbours.Sent update = neighbours.sent.stream()
			.filter((sent) -> sent.path().equals("escalations/" + id + "/tlp"))
			.findFirst()
			.orElseThrow();
		assertThat(partnerNode.receive(update, TestIdentity.NODE).status()).isEqualTo(200);
		assertThat(neighbours.filed.stream().filter((filed) -> filed.escalationId().equals(id))).hasSize(2);
		assertThat(partnerNode.view(atPartner)
			.get("timeline")
			.valueStream()
			.filter((event) -> event.get("what").asString().equals("TLP raised"))).hasSize(1);

		// the same update from another peer of B's: as if there were no such escalation
		neighbours.peer("fr-partner", "amber");
		Neighbours.Sent forged = new Neighbours.Sent(PARTNER, update.path(),
				update.body().replace("\"from\":\"" + TestIdentity.NODE + "\"", "\"from\":\"fr-partner\""), "");
		Neighbours.Reply refused = partnerNode.receive(forged, "fr-partner");
		assertThat(refused.status()).isEqualTo(404);
		assertThat(Neighbours.JSON.readTree(refused.body()).get("type").asString())
			.isEqualTo("urn:caduceus:problem:escalation-not-found");
		assertThat(neighbours.filed.stream().filter((filed) -> filed.escalationId().equals(id))).hasSize(2);
	}

	@Test
	void aRaiseWaitingForAnOfflinePartnerSurvivesARestartOfTheSenderAndIsAppliedOnce() {
		// the partner node sends this time, so that the sender is the one restarted
		IncidentJson incident = new IncidentJson("green").atIntake();
		String id = escalate(partnerNode.web, partnerNode.coordinator(), incident.id(), List.of(TestIdentity.NODE),
				null, null)
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get(0)
			.get("id")
			.asString();
		eventually(() -> "ACKNOWLEDGED".equals(partnerNode.view(id).get("status").asString()));
		String here = PARTNER + ":" + id;
		neighbours.partner = (sent) -> sent.peer().equals(PARTNER) ? partnerNode.receive(sent, TestIdentity.NODE)
				: Neighbours.offline(sent);
		neighbours.intakeNowShows(incident.id(), "amber");
		eventually(() -> partnerNode.view(id).get("delivery").get("attempts").asInt() >= 1);
		assertThat(partnerNode.view(id).get("delivery").get("pending").asInt()).isEqualTo(1);

		partnerNode.close();
		partnerNode = PartnerNode.start(PARTNER, neighbours);
		neighbours.partner = (sent) -> sent.peer().equals(PARTNER) ? partnerNode.receive(sent, TestIdentity.NODE)
				: PartnerNode.relay(this.web, sent, peer(PARTNER));
		eventually(() -> view(here).get("timeline")
			.valueStream()
			.anyMatch((event) -> event.get("what").asString().equals("TLP raised")));
		eventually(() -> partnerNode.view(id).get("delivery").get("pending").asInt() == 0);
		List<Neighbours.Filed> toIntake = neighbours.filed.stream()
			.filter((filed) -> filed.escalationId().equals(id))
			.toList();
		assertThat(toIntake).hasSize(2);
		assertThat(Neighbours.JSON.readTree(toIntake.get(1).body()).get("incident").get("tlp").asString())
			.isEqualTo("amber");
		assertThat(partnerNode.view(id)
			.get("timeline")
			.valueStream()
			.filter((event) -> event.get("what").asString().equals("TLP raised"))).hasSize(1);
	}

	private static SourceIncident linkedIncident(String id) {
		return neighbours.incidents.get(id);
	}

	private static JsonNode lastEvent(JsonNode escalation) {
		JsonNode timeline = escalation.get("timeline");
		return timeline.get(timeline.size() - 1);
	}

	/**
	 * The latency figures for the README: from the raise at A's intake to A's record of
	 * it (the watch saw it) and to B's (the partner raised its linked incident).
	 */
	private static void record(Instant raisedAt, JsonNode seenHere, JsonNode raisedThere) throws IOException {
		long seen = Duration.between(raisedAt, Instant.parse(seenHere.get("at").asString())).toMillis();
		long there = Duration.between(raisedAt, Instant.parse(raisedThere.get("at").asString())).toMillis();
		Path figures = Path.of("target", "tlp-raise-latency.txt");
		Files.createDirectories(figures.getParent());
		Files.writeString(figures, "watch interval 200 ms (test); raise seen by A after " + seen
				+ " ms; linked incident raised on B after " + there + " ms\n");
	}

}
