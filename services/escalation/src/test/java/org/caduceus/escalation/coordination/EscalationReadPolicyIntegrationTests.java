package org.caduceus.escalation.coordination;

import java.util.List;
import java.util.Set;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.caduceus.identity.Role;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: an escalation record is read at its incident's current TLP. The reviewed
 * sequence: an auditor read the BLOCKED escalation of a TLP:RED incident (its id,
 * reference, severity and the coordinator's reason) that intake hides from them.
 */
class EscalationReadPolicyIntegrationTests extends EscalationIntegrationTest {

	static final String MISSING = "0b7c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e";

	@Test
	void anAuditorDoesNotSeeTheBlockedEscalationOfARedIncidentIntakeHidesFromThem() {
		IncidentJson red = new IncidentJson("red").atIntake();
		neighbours.shownOnlyTo.put(red.id(), Set.of("carol", "escalation"));
		escalate(red.id(), List.of(PARTNER), null, null).expectStatus().isEqualTo(409);
		IncidentJson green = new IncidentJson("green").atIntake();
		String visible = escalated(green);
		String blocked = getJson("/api/v1/escalations?status=BLOCKED").get("items").get(0).get("id").asString();
		String auditor = TestIdentity.get().bearer("dave", Role.AUDITOR);

		String list = get("/api/v1/escalations?status=BLOCKED", auditor).body();
		assertThat(list).doesNotContain(blocked, red.id(), red.ref(), "C2 servers");
		assertThat(items(list)).isZero();
		String all = get("/api/v1/escalations?limit=1", auditor).body();
		assertThat(all).contains(visible).doesNotContain(blocked, red.ref());
		assertThat(Neighbours.JSON.readTree(all).get("next").isNull()).as("no cursor past what they may see").isTrue();
		Answer hidden = get("/api/v1/escalations/" + blocked, auditor);
		Answer missing = get("/api/v1/escalations/" + MISSING, auditor);
		assertThat(hidden.status()).isEqualTo(404);
		assertThat(normalised(hidden.body(), blocked)).isEqualTo(normalised(missing.body(), MISSING));
		// the coordinator still sees it
		assertThat(get("/api/v1/escalations/" + blocked, coordinator()).status()).isEqualTo(200);
	}

	@Test
	void anInboundEscalationWhoseLinkedIncidentWasRaisedToRedHereIsHiddenToo() {
		IncidentJson linked = new IncidentJson("amber").atIntake();
		String key = receivedFromPartner(linked);
		String auditor = TestIdentity.get().bearer("dave", Role.AUDITOR);
		assertThat(get("/api/v1/escalations/" + key, auditor).status()).isEqualTo(200);
		neighbours.shownOnlyTo.put(linked.id(), Set.of("carol"));
		assertThat(get("/api/v1/escalations/" + key, auditor).status()).isEqualTo(404);
		assertThat(get("/api/v1/escalations?direction=inbound", auditor).body()).doesNotContain(key, linked.ref());
	}

	private static int items(String page) {
		return Neighbours.JSON.readTree(page).get("items").size();
	}

	private static String normalised(String body, String key) {
		return body.replace(key, "KEY").replaceAll("\"requestId\":\"[0-9a-f-]{36}\"", "\"requestId\":\"R\"");
	}

	record Answer(int status, String body) {
	}

	private Answer get(String path, String bearer) {
		EntityExchangeResult<byte[]> result = this.web.get()
			.uri(path)
			.header("Authorization", bearer)
			.exchange()
			.expectBody()
			.returnResult();
		byte[] body = result.getResponseBody();
		return new Answer(result.getStatus().value(), (body == null) ? "" : new String(body));
	}

}
