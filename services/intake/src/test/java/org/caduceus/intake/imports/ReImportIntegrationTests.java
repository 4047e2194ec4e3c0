package org.caduceus.intake.imports;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-imports: an imported incident keeps the partner's TLP as a floor, a re-import never
 * lowers what this node raised, only its own importer's file reaches it (whatever id
 * another file claims), an import report names nothing its reader may not see, and a
 * report is for its importer and coordinators only.
 */
@ServiceTest
class ReImportIntegrationTests {

	static final String STIX = "application/stix+json;version=2.1";

	@Autowired
	WebTestClient web;

	ImportApi api;

	@BeforeEach
	void setUp() {
		this.api = new ImportApi(this.web);
	}

	@Test
	void aReImportNeverLowersWhatACoordinatorRaisedNorTheFloorAnAnalystMayNotGoBelow() {
		JsonNode bundle = partnerBundle("Partner's AMBER incident", "amber");
		JsonNode imported = this.api.imported("/api/v1/stix/bundles", STIX, bundle).get("incidents").get(0);
		String id = imported.get("id").asString();

		// no one lowers an imported incident below the partner's TLP
		patch(id, "alice", Role.ANALYST, "green").expectStatus().isEqualTo(409);
		patch(id, "carol", Role.COORDINATOR, "clear").expectStatus().isEqualTo(409);
		assertThat(incident(id).get("tlp").asString()).isEqualTo("amber");

		patch(id, "carol", Role.COORDINATOR, "red").expectStatus().isOk();
		JsonNode again = this.api.imported("/api/v1/stix/bundles", STIX, bundle).get("incidents").get(0);
		assertThat(again.get("outcome").asString()).isEqualTo("updated");
		assertThat(again.get("id").asString()).isEqualTo(id);
		assertThat(incident(id).get("tlp").asString()).isEqualTo("red");
	}

	@Test
	void aBundleClaimingAnotherImportersStixIdReachesOnlyItsOwnImportersIncident() {
		ObjectNode bundle = (ObjectNode) partnerBundle("Victim incident", "amber");
		JsonNode victim = this.api.imported("/api/v1/stix/bundles", STIX, bundle).get("incidents").get(0);

		// bob crafts a bundle with the victim's STIX id, marked CLEAR, with his own text
		ObjectNode crafted = bundle.deepCopy();
		for (JsonNode object : crafted.get("objects")) {
			if (object.get("type").asString().equals("incident")) {
				((ObjectNode) object).put("name", "Rewritten by bob");
				((ObjectNode) object).put("description", "Rewritten by bob");
			}
		}
		String craftedText = crafted.toString()
			.replace("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
					"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487");
		JsonNode report = post("bob", craftedText);
		JsonNode outcome = report.get("incidents").get(0);
		assertThat(outcome.get("externalId").asString()).isEqualTo(victim.get("externalId").asString());
		assertThat(outcome.get("id").asString()).isNotEqualTo(victim.get("id").asString());
		assertThat(report.toString()).doesNotContain(victim.get("id").asString(), victim.get("ref").asString());

		JsonNode untouched = incident(victim.get("id").asString());
		assertThat(untouched.get("title").asString()).isEqualTo("Victim incident");
		assertThat(untouched.get("tlp").asString()).isEqualTo("amber");
	}

	@Test
	void aReImportReportNamesNoIncidentItsImporterMayNotSee() {
		JsonNode bundle = partnerBundle("Raised to RED here", "amber");
		JsonNode first = this.api.imported("/api/v1/stix/bundles", STIX, bundle).get("incidents").get(0);
		patch(first.get("id").asString(), "carol", Role.COORDINATOR, "red").expectStatus().isOk();

		JsonNode report = post("bob", bundle.toString());

		assertThat(report.toString()).doesNotContain(first.get("id").asString(), first.get("ref").asString(),
				"TLP:RED here");
		assertThat(report.get("incidents").get(0).get("outcome").asString()).isEqualTo("created");
	}

	@Test
	void anImportReportIsForItsImporterAndCoordinatorsAndAnswersOthersAsIfItDidNotExist() {
		JsonNode report = this.api.imported("/api/v1/stix/bundles", STIX, partnerBundle("Report policy", "red"));
		String id = report.get("id").asString();
		String absent = UUID.randomUUID().toString();

		assertThat(read(id, "alice", Role.ANALYST).getStatus().value()).isEqualTo(200);
		assertThat(read(id, "carol", Role.COORDINATOR).getStatus().value()).isEqualTo(200);
		EntityExchangeResult<String> other = read(id, "bob", Role.ANALYST);
		EntityExchangeResult<String> missing = read(absent, "bob", Role.ANALYST);
		assertThat(other.getStatus().value()).isEqualTo(404);
		assertThat(normalised(other.getResponseBody(), id)).isEqualTo(normalised(missing.getResponseBody(), absent));
		assertThat(other.getResponseBody()).doesNotContain(report.get("incidents").get(0).get("id").asString());
	}

	/** An export of a fresh incident of alice's, as a partner's bundle to import. */
	private JsonNode partnerBundle(String title, String tlp) {
		String id = this.api.file(title, tlp, List.of(Map.of("type", "domain", "value",
				"reimport-" + UUID.randomUUID().toString().substring(0, 8) + ".example")));
		return this.api.get("/api/v1/incidents/{id}/stix", id);
	}

	private JsonNode post(String user, String bundle) {
		return this.web.post()
			.uri("/api/v1/stix/bundles")
			.header("Authorization", ImportApi.as(user, Role.ANALYST))
			.contentType(MediaType.parseMediaType(STIX))
			.bodyValue(bundle)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec patch(String id, String user, Role role, String tlp) {
		return this.web.patch()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", ImportApi.as(user, role))
			.header("If-Match", "\"" + incident(id).get("version").asLong() + "\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tlp", tlp))
			.exchange();
	}

	private JsonNode incident(String id) {
		return this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", ImportApi.as("carol", Role.COORDINATOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private EntityExchangeResult<String> read(String id, String user, Role role) {
		return this.web.get()
			.uri("/api/v1/imports/{id}", id)
			.header("Authorization", ImportApi.as(user, role))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static String normalised(String body, String id) {
		return body.replace(id, "ID").replaceAll("\"requestId\":\"[0-9a-f-]{36}\"", "\"requestId\":\"R\"");
	}

}
