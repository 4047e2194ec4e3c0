package org.caduceus.escalation.inbound;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.caduceus.identity.Role;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a partner node sends, as the gateway passes it on after verifying the signature:
 * filed once as a linked incident and acknowledged; anything malformed, misaddressed or
 * above what may cross the border refused with nothing stored and nothing filed.
 */
class InboundIntegrationTests extends EscalationIntegrationTest {

	@Test
	void filesAnEscalationAsALinkedIncidentOnceAndAcknowledgesIt() {
		Map<String, Object> message = message("amber");
		String escalationId = (String) message.get("escalationId");
		JsonNode receipt = receive(PARTNER, message).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(receipt.get("status").asString()).isEqualTo("ACKNOWLEDGED");
		assertThat(receipt.get("linkedRef").asString()).startsWith("DE-2026-");
		assertThat(neighbours.filed).hasSize(1);
		Neighbours.Filed filed = neighbours.filed.get(0);
		assertThat(filed.partner()).isEqualTo(PARTNER);
		assertThat(filed.escalationId()).isEqualTo(escalationId);
		JsonNode incident = Neighbours.JSON.readTree(filed.body());
		assertThat(incident.get("partnerRef").asString()).isEqualTo("NL-2026-000123");
		assertThat(incident.get("incident").get("tlp").asString()).isEqualTo("amber");
		assertThat(incident.get("incident").get("observables")).hasSize(1);
		// the same escalation again (the sender retried): the same receipt, nothing filed
		// twice
		JsonNode again = receive(PARTNER, message).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.get("linkedRef").asString()).isEqualTo(receipt.get("linkedRef").asString());
		assertThat(neighbours.filed).hasSize(1);
		assertThat(stored()).isEqualTo(1);
		JsonNode inbound = getJson("/api/v1/escalations?direction=inbound").get("items").get(0);
		assertThat(inbound.get("id").asString()).isEqualTo(PARTNER + ":" + escalationId);
		assertThat(inbound.get("status").asString()).isEqualTo("ACKNOWLEDGED");
		assertThat(inbound.get("partnerRef").asString()).isEqualTo("NL-2026-000123");
	}

	@Test
	void theReceivingCoordinatorAcceptsOrDeclinesAndThePartnerIsTold() {
		Map<String, Object> message = message("green");
		receive(PARTNER, message).expectStatus().isCreated();
		String id = PARTNER + ":" + message.get("escalationId");
		decide(id, Map.of("decision", "decline")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");
		decide(id, Map.of("decision", "maybe")).expectStatus().isEqualTo(422);
		decide(id, Map.of("decision", "accept")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("ACCEPTED");
		eventually(() -> neighbours.sentFor((String) message.get("escalationId"),
				"escalations/" + message.get("escalationId") + "/status") == 1);
		assertThat(neighbours.sent.get(0).body()).contains("\"status\":\"ACCEPTED\"");
		decide(id, Map.of("decision", "decline", "reason", "changed our mind")).expectStatus().isEqualTo(409);
	}

	@Test
	void refusesAMessageThatNamesAnotherSenderThanTheSignedOne() {
		receive("fr-partner", message("green")).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:sender-mismatch");
		expectNothingStored();
	}

	@Test
	void refusesAPeerThisNodeNoLongerKnows() {
		neighbours.peers.clear();
		receive(PARTNER, message("green")).expectStatus().isForbidden();
		expectNothingStored();
	}

	@Test
	void refusesRedAndAmberStrictEvenIfAPartnerSendsThem() {
		receive(PARTNER, message("red")).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:tlp-never-crosses-border");
		receive(PARTNER, message("amber+strict")).expectStatus().isForbidden();
		expectNothingStored();
	}

	@Test
	void refusesContentAboveTheCeilingThisNodeSetForThatPeer() {
		neighbours.peer(PARTNER, "green");
		receive(PARTNER, message("amber")).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:tlp-above-peer-ceiling");
		expectNothingStored();
	}

	@Test
	void refusesAMalformedSnapshotNamingTheField() {
		Map<String, Object> noTitle = message("green");
		snapshot(noTitle).remove("title");
		receive(PARTNER, noTitle).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("snapshot.title");
		Map<String, Object> badRsit = message("green");
		snapshot(badRsit).put("rsitType", "ransomware");
		receive(PARTNER, badRsit).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:invalid-taxonomy-value");
		Map<String, Object> badSeverity = message("green");
		snapshot(badSeverity).put("severity", "apocalyptic");
		receive(PARTNER, badSeverity).expectStatus().isEqualTo(422);
		Map<String, Object> redNote = message("green");
		snapshot(redNote).put("notes", List.of(Map.of("at", "2026-11-23T07:00:00Z", "text", "x", "tlp", "amber")));
		receive(PARTNER, redNote).expectStatus().isForbidden();
		Map<String, Object> badId = message("green");
		badId.put("escalationId", "not-a-uuid");
		receive(PARTNER, badId).expectStatus().isEqualTo(422);
		Map<String, Object> misaddressed = message("green");
		misaddressed.put("to", "somebody-else");
		receive(PARTNER, misaddressed).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("to");
		Map<String, Object> extra = message("green");
		extra.put("priority", "urgent");
		receive(PARTNER, extra).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unknown-field");
		this.web.post()
			.uri("/federation/v1/escalations")
			.header("Authorization", peer(PARTNER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"escalationId\":")
			.exchange()
			.expectStatus()
			.isBadRequest();
		expectNothingStored();
	}

	@Test
	void storesNothingWhenIntakeRefusesTheSnapshot() {
		neighbours.intakeStatus = 422;
		receive(PARTNER, message("green")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:snapshot-refused");
		assertThat(stored()).isZero();
	}

	@Test
	void onlyAVerifiedPeerReachesTheFederationApi() {
		this.web.post()
			.uri("/federation/v1/escalations")
			.header("Authorization", TestIdentity.get().bearer("carol", Role.COORDINATOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(message("green"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.post()
			.uri("/federation/v1/escalations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(message("green"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		expectNothingStored();
	}

	@Test
	void statusAndNotesMoveAnEscalationForwardOnlyAndOnce() {
		Map<String, Object> message = message("green");
		String escalationId = (String) message.get("escalationId");
		receive(PARTNER, message).expectStatus().isCreated();
		Map<String, Object> note = Map.of("escalationId", escalationId, "from", PARTNER, "noteId",
				UUID.randomUUID().toString(), "at", Instant.now().toString(), "text", "Patched the VPN");
		post("/federation/v1/escalations/" + escalationId + "/notes", PARTNER, note).expectStatus().isOk();
		post("/federation/v1/escalations/" + escalationId + "/notes", PARTNER, note).expectStatus().isOk();
		Map<String, Object> closed = Map.of("escalationId", escalationId, "from", PARTNER, "status", "CLOSED", "at",
				Instant.now().toString());
		post("/federation/v1/escalations/" + escalationId + "/status", PARTNER, closed).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("CLOSED");
		Map<String, Object> accepted = Map.of("escalationId", escalationId, "from", PARTNER, "status", "ACCEPTED", "at",
				Instant.now().toString());
		post("/federation/v1/escalations/" + escalationId + "/status", PARTNER, accepted).expectStatus().isEqualTo(422);
		JsonNode inbound = view(PARTNER + ":" + escalationId);
		assertThat(inbound.get("notes")).hasSize(1);
		assertThat(inbound.get("status").asString()).isEqualTo("CLOSED");
		// another peer cannot speak about this escalation
		neighbours.peer("fr-partner", "amber");
		Map<String, Object> meddling = Map.of("escalationId", escalationId, "from", "fr-partner", "status", "CLOSED",
				"at", Instant.now().toString());
		post("/federation/v1/escalations/" + escalationId + "/status", "fr-partner", meddling).expectStatus()
			.isNotFound();
	}

	@Test
	void theSendersTlpRaiseRaisesTheLinkedIncidentOnceThroughIntakesInboundContract() {
		Map<String, Object> message = message("amber");
		String escalationId = (String) message.get("escalationId");
		receive(PARTNER, message).expectStatus().isCreated();
		Map<String, Object> raise = tlp(escalationId, PARTNER, "red");
		post(tlpPath(escalationId), PARTNER, raise).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("ACKNOWLEDGED");
		assertThat(neighbours.filed).hasSize(2);
		Neighbours.Filed raised = neighbours.filed.get(1);
		assertThat(raised.partner()).isEqualTo(PARTNER);
		assertThat(raised.escalationId()).isEqualTo(escalationId);
		// raise-only at intake, so a late request that a stricter one overtook lowers
		// nothing there; filing it was not
		assertThat(raised.raiseOnly()).isTrue();
		assertThat(neighbours.filed.get(0).raiseOnly()).isFalse();
		JsonNode inbound = Neighbours.JSON.readTree(raised.body());
		assertThat(inbound.get("partnerRef").asString()).isEqualTo("NL-2026-000123");
		assertThat(inbound.get("incident").get("tlp").asString()).isEqualTo("red");
		assertThat(inbound.get("incident").get("title").asString()).isEqualTo("Ransomware on radiology PACS");
		// the same signed update again (the sender retried), and older or lower ones:
		// applied once, intake not asked again
		post(tlpPath(escalationId), PARTNER, raise).expectStatus().isOk();
		post(tlpPath(escalationId), PARTNER, tlp(escalationId, PARTNER, "amber+strict")).expectStatus().isOk();
		post(tlpPath(escalationId), PARTNER, tlp(escalationId, PARTNER, "clear")).expectStatus().isOk();
		assertThat(neighbours.filed).hasSize(2);
		assertThat(timeline(PARTNER + ":" + escalationId)).containsExactly("DELIVERED", "ACKNOWLEDGED", "TLP raised");
		assertThat(view(PARTNER + ":" + escalationId).get("timeline").get(2).get("detail").asString())
			.isEqualTo("TLP:AMBER -> TLP:RED: linked incident "
					+ view(PARTNER + ":" + escalationId).get("incidentRef").asString() + " raised");
	}

	@Test
	void aTlpUpdateFromAnyoneButTheEscalationsSenderIsAnsweredAsOneAboutNoEscalation() {
		Map<String, Object> message = message("amber");
		String escalationId = (String) message.get("escalationId");
		receive(PARTNER, message).expectStatus().isCreated();
		neighbours.peer("fr-partner", "amber");
		JsonNode meddling = problem(
				post(tlpPath(escalationId), "fr-partner", tlp(escalationId, "fr-partner", "red")).expectStatus()
					.isNotFound(),
				escalationId);
		String unknown = UUID.randomUUID().toString();
		JsonNode none = problem(
				post(tlpPath(unknown), "fr-partner", tlp(unknown, "fr-partner", "red")).expectStatus().isNotFound(),
				unknown);
		assertThat(meddling).isEqualTo(none);
		assertThat(meddling.get("type").asString()).isEqualTo("urn:caduceus:problem:escalation-not-found");
		// one this node sent: its receiver never raises it, and is told the same
		String sent = escalated(new IncidentJson("green").atIntake());
		eventually(() -> "ACKNOWLEDGED".equals(view(sent).get("status").asString()));
		assertThat(problem(post(tlpPath(sent), PARTNER, tlp(sent, PARTNER, "red")).expectStatus().isNotFound(), sent))
			.isEqualTo(none);
		assertThat(neighbours.filed).hasSize(1);
		assertThat(timeline(PARTNER + ":" + escalationId)).doesNotContain("TLP raised");
		assertThat(timeline(sent)).doesNotContain("TLP raised");
	}

	@Test
	void aBadOrUnsignedTlpUpdateChangesNothingAndSaysWhy() {
		Map<String, Object> message = message("amber");
		String escalationId = (String) message.get("escalationId");
		receive(PARTNER, message).expectStatus().isCreated();
		String path = tlpPath(escalationId);
		this.web.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(tlp(escalationId, PARTNER, "red"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.post()
			.uri(path)
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(tlp(escalationId, PARTNER, "red"))
			.exchange()
			.expectStatus()
			.isForbidden();
		post(path, PARTNER, tlp(escalationId, "fr-partner", "red")).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:sender-mismatch");
		post(path, PARTNER, tlp(escalationId, PARTNER, "crimson")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:invalid-taxonomy-value");
		Map<String, Object> noTlp = new LinkedHashMap<>(tlp(escalationId, PARTNER, "red"));
		noTlp.remove("tlp");
		post(path, PARTNER, noTlp).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("tlp");
		post(tlpPath(UUID.randomUUID().toString()), PARTNER, tlp(escalationId, PARTNER, "red")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("escalationId");
		Map<String, Object> extra = new LinkedHashMap<>(tlp(escalationId, PARTNER, "red"));
		extra.put("floor", "clear");
		post(path, PARTNER, extra).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unknown-field");
		this.web.post()
			.uri(path)
			.header("Authorization", peer(PARTNER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"escalationId\":")
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(neighbours.filed).hasSize(1);
		assertThat(timeline(PARTNER + ":" + escalationId)).doesNotContain("TLP raised");
	}

	@Test
	void aRaiseIntakeCannotTakeNowIsRecordedNowhereAndTakenWhenTheSenderTriesAgain() {
		Map<String, Object> message = message("green");
		String escalationId = (String) message.get("escalationId");
		receive(PARTNER, message).expectStatus().isCreated();
		neighbours.intakeStatus = 503;
		post(tlpPath(escalationId), PARTNER, tlp(escalationId, PARTNER, "amber")).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(timeline(PARTNER + ":" + escalationId)).doesNotContain("TLP raised");
		neighbours.intakeStatus = 200;
		post(tlpPath(escalationId), PARTNER, tlp(escalationId, PARTNER, "amber")).expectStatus().isOk();
		assertThat(timeline(PARTNER + ":" + escalationId)).endsWith("TLP raised");
		assertThat(Neighbours.JSON.readTree(neighbours.filed.get(neighbours.filed.size() - 1).body())
			.get("incident")
			.get("tlp")
			.asString()).isEqualTo("amber");
	}

	private static String tlpPath(String escalationId) {
		return "/federation/v1/escalations/" + escalationId + "/tlp";
	}

	/** A TLP update as the sending node's outbox sends it. */
	private static Map<String, Object> tlp(String escalationId, String from, String tlp) {
		return Map.of("escalationId", escalationId, "from", from, "tlp", tlp, "at", Instant.now().toString());
	}

	private List<String> timeline(String key) {
		return view(key).get("timeline").valueStream().map((event) -> event.get("what").asString()).toList();
	}

	/**
	 * A problem's type, title, status and detail, with the escalation id it names made
	 * neutral.
	 */
	private static JsonNode problem(WebTestClient.ResponseSpec response, String escalationId) {
		JsonNode body = response.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		return Neighbours.JSON.createObjectNode()
			.put("type", body.get("type").asString())
			.put("title", body.get("title").asString())
			.put("status", body.get("status").asInt())
			.put("detail", body.get("detail").asString().replace(escalationId, "<id>"));
	}

	private void expectNothingStored() {
		assertThat(stored()).isZero();
		assertThat(neighbours.filed).isEmpty();
	}

	private WebTestClient.ResponseSpec decide(String id, Map<String, Object> body) {
		return this.web.post()
			.uri("/api/v1/escalations/" + id + "/decision")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec receive(String signedBy, Map<String, Object> message) {
		return post("/federation/v1/escalations", signedBy, message);
	}

	private WebTestClient.ResponseSpec post(String path, String signedBy, Object body) {
		return this.web.post()
			.uri(path)
			.header("Authorization", peer(signedBy))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> snapshot(Map<String, Object> message) {
		return (Map<String, Object>) message.get("snapshot");
	}

	/** An escalation as the partner's node sends it. */
	private static Map<String, Object> message(String tlp) {
		Map<String, Object> snapshot = new LinkedHashMap<>();
		snapshot.put("ref", "NL-2026-000123");
		snapshot.put("title", "Ransomware on radiology PACS");
		snapshot.put("rsitClass", "malicious-code");
		snapshot.put("rsitType", "infected-system");
		snapshot.put("careServices", List.of("diagnostics-imaging"));
		snapshot.put("tlp", tlp);
		snapshot.put("severity", "critical");
		snapshot.put("reporter", Map.of("organisation", "St. Example Hospital", "consentToShare", false));
		snapshot.put("observables", List.of(Map.of("type", "ipv4", "value", "203.0.113.9")));
		snapshot.put("sharedWith", List.of(TestIdentity.NODE));
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("escalationId", UUID.randomUUID().toString());
		message.put("from", PARTNER);
		message.put("to", TestIdentity.NODE);
		message.put("reason", "C2 servers in your country");
		message.put("requestedAt", Instant.now().toString());
		message.put("snapshot", snapshot);
		return message;
	}

}
