package org.caduceus.intake.incident;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provenance sticks: what a partner node escalated here keeps the partner's TLP as a
 * floor. No one on this node lowers it below that, coordinators included; only the
 * partner does, by sending the escalation again under another TLP (its signed update, the
 * escalation service's inbound path).
 */
@ServiceTest
class PartnerTlpFloorIntegrationTests {

	private static final String PARTNER = "de-floor";

	@Autowired
	WebTestClient web;

	@Test
	void noLocalUserLowersALinkedIncidentBelowThePartnersTlpOnlyThePartnerDoes() {
		String escalationId = UUID.randomUUID().toString();
		String id = receive(escalationId, "amber").get("id").asString();
		JsonNode before = get(id);
		assertThat(before.get("tlp").asString()).isEqualTo("amber");

		// an analyst PATCHing {"tlp":"clear"} would make it escalatable anywhere
		JsonNode problem = patch(id, "alice", Role.ANALYST, before, "clear").expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem.get("type").asString()).endsWith("tlp-below-partner-floor");
		assertThat(problem.get("floor").asString()).isEqualTo("amber");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("tlp");
		patch(id, "carol", Role.COORDINATOR, before, "green").expectStatus().isEqualTo(409);
		// nothing was stored
		JsonNode unchanged = get(id);
		assertThat(unchanged.get("tlp").asString()).isEqualTo("amber");
		assertThat(unchanged.get("version").asLong()).isEqualTo(before.get("version").asLong());

		// raising is anyone's right, and back down to the partner's level too
		patch(id, "carol", Role.COORDINATOR, unchanged, "red").expectStatus().isOk();
		JsonNode red = get(id);
		assertThat(red.get("tlp").asString()).isEqualTo("red");
		patch(id, "carol", Role.COORDINATOR, red, "amber+strict").expectStatus().isOk();

		// the partner raises it: its update is not undone by a later one of ours...
		receive(escalationId, "red");
		assertThat(get(id).get("tlp").asString()).isEqualTo("red");
		patch(id, "carol", Role.COORDINATOR, get(id), "amber+strict").expectStatus().isEqualTo(409);
		// ...and the partner alone lowers it again, to where it now shares it
		receive(escalationId, "green");
		JsonNode lowered = get(id);
		assertThat(lowered.get("tlp").asString()).isEqualTo("green");
		patch(id, "alice", Role.ANALYST, lowered, "clear").expectStatus().isEqualTo(409);
		assertThat(get(id).get("tlp").asString()).isEqualTo("green");
	}

	@Test
	void aLateTlpUpdateNeverLowersWhatAStricterOneRaised() {
		String escalationId = UUID.randomUUID().toString();
		String id = receive(escalationId, "amber").get("id").asString();
		// the partner's TLP updates: AMBER+STRICT (resent after a timeout), then RED
		assertThat(raise(escalationId, "amber+strict").get("id").asString()).isEqualTo(id);
		assertThat(get(id).get("tlp").asString()).isEqualTo("amber+strict");
		raise(escalationId, "red");
		JsonNode red = get(id);
		assertThat(red.get("tlp").asString()).isEqualTo("red");
		// the first AMBER+STRICT request, slow here, arrives last: it changes nothing
		assertThat(raise(escalationId, "amber+strict").get("id").asString()).isEqualTo(id);
		JsonNode after = get(id);
		assertThat(after.get("tlp").asString()).isEqualTo("red");
		assertThat(after.get("version").asLong()).isEqualTo(red.get("version").asLong());
		// RED is the floor now: no one here lowers it
		patch(id, "carol", Role.COORDINATOR, after, "amber+strict").expectStatus().isEqualTo(409);
	}

	@Test
	void aTlpUpdateRaisesTheFloorButNotBelowWhatThisNodeRaisedItTo() {
		String escalationId = UUID.randomUUID().toString();
		String id = receive(escalationId, "green").get("id").asString();
		patch(id, "carol", Role.COORDINATOR, get(id), "red").expectStatus().isOk();
		raise(escalationId, "amber");
		JsonNode raised = get(id);
		assertThat(raised.get("tlp").asString()).isEqualTo("red");
		// the floor rose to AMBER with it: back down to AMBER, not below
		patch(id, "carol", Role.COORDINATOR, raised, "green").expectStatus().isEqualTo(409);
		patch(id, "carol", Role.COORDINATOR, raised, "amber").expectStatus().isOk();
		raise(escalationId, "green");
		assertThat(get(id).get("tlp").asString()).isEqualTo("amber");
	}

	@Test
	void aLocalIncidentIsLoweredAsBefore() {
		String id = (String) IncidentFixtures.file(this.web, "alice", Role.ANALYST, IncidentFixtures.incident("Local"))
			.get("id");
		patch(id, "alice", Role.ANALYST, get(id), "clear").expectStatus().isOk();
		assertThat(get(id).get("tlp").asString()).isEqualTo("clear");
	}

	private JsonNode receive(String escalationId, String tlp) {
		return inbound("/api/v1/incidents/inbound/{partner}/{escalationId}", escalationId, tlp);
	}

	/** As escalation's {@code IntakeClient.raiseLinked}: the partner's TLP update. */
	private JsonNode raise(String escalationId, String tlp) {
		return inbound("/api/v1/incidents/inbound/{partner}/{escalationId}?raiseOnly=true", escalationId, tlp);
	}

	private JsonNode inbound(String uri, String escalationId, String tlp) {
		Map<String, Object> incident = IncidentFixtures.incident("Linked from " + PARTNER).with("tlp", tlp);
		return this.web.put()
			.uri(uri, PARTNER, escalationId)
			.header("Authorization", IncidentFixtures.as(PARTNER, Role.PEER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partnerRef", "DE-2026-000777", "incident", incident))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec patch(String id, String user, Role role, JsonNode current, String tlp) {
		return IncidentFixtures.conditional(this.web, HttpMethod.PATCH, "/api/v1/incidents/{id}", id,
				IncidentFixtures.as(user, role), "\"" + current.get("version").asLong() + "\"",
				Map.of("tlp", tlp, "title", "Changed " + List.of(user, tlp)));
	}

	private JsonNode get(String id) {
		return this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", IncidentFixtures.as("carol", Role.COORDINATOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
