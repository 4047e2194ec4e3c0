package org.caduceus.intake.imports;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.caduceus.identity.Role;
import org.caduceus.intake.incident.Origin;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/stix/bundles}: a bundle creates incidents, a re-import updates
 * them, what has no place is kept aside and reported, and a refused bundle stores
 * nothing.
 */
@ServiceTest
class StixImportIntegrationTests {

	static final String STIX = "application/stix+json;version=2.1";

	@Autowired
	WebTestClient web;

	ImportApi api;

	@BeforeEach
	void setUp() {
		this.api = new ImportApi(this.web);
	}

	@Test
	void anExportedIncidentReImportsLosslesslyAndAgainUpdatesTheSameIncident() {
		String id = this.api.file("Ransomware on PACS (stix round trip)", "amber",
				List.of(Map.of("type", "ipv4", "value", "192.0.2.211"),
						Map.of("type", "cidr", "value", "198.51.100.0/24"),
						Map.of("type", "domain", "value", "stix-roundtrip.example"),
						Map.of("type", "sha256", "value",
								"a3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
						Map.of("type", "asn", "value", "AS64511"), Map.of("type", "cve", "value", "CVE-2024-3400")));
		JsonNode original = this.api.get("/api/v1/incidents/{id}", id);
		JsonNode bundle = this.api.get("/api/v1/incidents/{id}/stix", id);

		JsonNode report = this.api.imported("/api/v1/stix/bundles", STIX, bundle);

		assertThat(report.get("format").asString()).isEqualTo("stix");
		assertThat(report.get("incidents")).hasSize(1);
		JsonNode outcome = report.get("incidents").get(0);
		assertThat(outcome.get("outcome").asString()).isEqualTo("created");
		// where the tests below look for what a refused bundle would have filed
		assertThat(outcome.get("id").asString()).isEqualTo(linkedId(outcome.get("externalId").asString()));
		assertThat(report.get("keptAside")).isEmpty();
		JsonNode copy = this.api.get("/api/v1/incidents/{id}", outcome.get("id").asString());
		assertThat(ImportApi.exchanged(copy)).isEqualTo(ImportApi.exchanged(original));
		assertThat(copy.get("origin").get("partnerRef").asString()).isEqualTo(original.get("ref").asString());
		assertThat(copy.get("origin").get("externalId").asString()).isEqualTo(outcome.get("externalId").asString());
		assertThat(copy.get("crossBorderImpact").asBoolean()).isTrue();

		JsonNode again = this.api.imported("/api/v1/stix/bundles", STIX, bundle);
		assertThat(again.get("incidents").get(0).get("outcome").asString()).isEqualTo("updated");
		assertThat(again.get("incidents").get(0).get("id").asString()).isEqualTo(outcome.get("id").asString());
	}

	@Test
	void aTaxiiEnvelopePulledFromAPartnerImportsAsItIs() {
		String id = this.api.file("Pulled over TAXII", "green",
				List.of(Map.of("type", "domain", "value", "pulled-over-taxii.example")));
		JsonNode bundle = this.api.get("/api/v1/incidents/{id}/stix", id);
		ObjectNode envelope = ImportApi.JSON.createObjectNode();
		envelope.put("more", false);
		envelope.set("objects", bundle.get("objects"));
		JsonNode report = this.api.imported("/api/v1/stix/bundles", "application/taxii+json;version=2.1", envelope);
		assertThat(report.get("incidents").get(0).get("outcome").asString()).isEqualTo("created");
		assertThat(report.get("source").asString()).startsWith("bundle--");
	}

	@Test
	void objectsWithNoPlaceAreKeptAsideAndTheReportCanBeReadAgain() {
		String id = this.api.file("Phishing at clinics (kept aside)", "green",
				List.of(Map.of("type", "domain", "value", "kept-aside.example")));
		ObjectNode bundle = (ObjectNode) this.api.get("/api/v1/incidents/{id}/stix", id);
		ObjectNode malware = ((ArrayNode) bundle.get("objects")).addObject();
		malware.put("type", "malware");
		malware.put("spec_version", "2.1");
		malware.put("id", "malware--" + UUID.randomUUID());
		malware.put("created", "2026-11-20T08:00:00.000Z");
		malware.put("modified", "2026-11-20T08:00:00.000Z");
		malware.put("name", "QakBot");
		malware.put("is_family", true);

		JsonNode report = this.api.imported("/api/v1/stix/bundles", "application/json", bundle);

		assertThat(report.get("keptAside")).hasSize(1);
		assertThat(report.get("keptAside").get(0).get("reason").asString())
			.isEqualTo("no Caduceus mapping for STIX type 'malware'");
		JsonNode stored = this.api.get("/api/v1/imports/{id}", report.get("id").asString());
		assertThat(ImportApi.JSON.readTree(stored.get("keptAside").get(0).get("content").asString()))
			.isEqualTo(malware);
		this.web.get()
			.uri("/api/v1/imports/{id}", report.get("id").asString())
			.header("Authorization", ImportApi.as("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aBundleWithOneBadIncidentStoresNoneOfItsIncidents() {
		String id = this.api.file("Two incidents, one bad", "green",
				List.of(Map.of("type", "domain", "value", "first-of-two.example")));
		ObjectNode bundle = (ObjectNode) this.api.get("/api/v1/incidents/{id}/stix", id);
		ArrayNode objects = (ArrayNode) bundle.get("objects");
		ObjectNode second = objects.addObject();
		second.put("type", "incident");
		second.put("spec_version", "2.1");
		second.put("id", "incident--" + UUID.randomUUID());
		second.put("created", "2026-11-20T08:00:00.000Z");
		second.put("modified", "2026-11-20T08:00:00.000Z");
		second.put("name", "x".repeat(201));
		JsonNode first = objects.valueStream()
			.filter((object) -> object.get("type").asString().equals("incident"))
			.findFirst()
			.orElseThrow();

		JsonNode problem = refused(bundle, 422);

		assertThat(problem.get("type").asString()).endsWith("import-refused");
		assertThat(problem.get("pointer").asString()).isEqualTo("/incidents/1/title");
		this.api.assertNotFound(linkedId(first.get("id").asString()));
		this.api.assertNotFound(linkedId(second.get("id").asString()));
	}

	@Test
	void eachKindOfBadBundleIsRefusedPreciselyAndStoresNothing() {
		String id = this.api.file("Bad bundles", "green", List.of(Map.of("type", "ipv4", "value", "192.0.2.212")));
		JsonNode good = this.api.get("/api/v1/incidents/{id}/stix", id);
		String incidentId = good.get("objects")
			.valueStream()
			.filter((object) -> object.get("type").asString().equals("incident"))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asString();

		ObjectNode schema = (ObjectNode) good.deepCopy();
		indicator(schema).remove("pattern_type");
		assertThat(refused(schema, 422).get("detail").asString()).contains("breaks the OASIS STIX 2.1 schema");

		ObjectNode version = (ObjectNode) good.deepCopy();
		indicator(version).put("spec_version", "2.0");
		assertThat(refused(version, 422).get("pointer").asString()).endsWith("/spec_version");

		ObjectNode pattern = (ObjectNode) good.deepCopy();
		indicator(pattern).put("pattern", "[ipv4-addr:value = ]");
		assertThat(refused(pattern, 422).get("pointer").asString()).endsWith("/pattern");

		ObjectNode large = (ObjectNode) good.deepCopy();
		indicator(large).put("description", "x".repeat(140_000));
		assertThat(refused(large, 422).get("detail").asString()).contains("over the limit of 131072 bytes");

		ObjectNode observable = (ObjectNode) good.deepCopy();
		for (JsonNode object : observable.get("objects")) {
			if (object.get("type").asString().equals("ipv4-addr")) {
				((ObjectNode) object).put("value", "999.0.2.212");
			}
		}
		// the OASIS schema already refuses an ipv4-addr that is not an IPv4 address
		assertThat(refused(observable, 422).get("pointer").asString()).matches("/objects/\\d+");

		this.api.post("/api/v1/stix/bundles", STIX, "{\"type\": \"bundle\", ")
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("application/problem+json");
		this.web.post()
			.uri("/api/v1/stix/bundles")
			.header("Authorization", ImportApi.as("audrey", Role.AUDITOR))
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(good.toString())
			.exchange()
			.expectStatus()
			.isForbidden();

		this.api.assertNotFound(linkedId(incidentId));
	}

	private JsonNode refused(JsonNode bundle, int status) {
		return this.api.post("/api/v1/stix/bundles", STIX, bundle)
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static ObjectNode indicator(JsonNode bundle) {
		return (ObjectNode) bundle.get("objects")
			.valueStream()
			.filter((object) -> object.get("type").asString().equals("indicator"))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Where an import of {@code externalId} by alice (who imports here) would be filed.
	 */
	static String linkedId(String externalId) {
		return Origin.importedId("alice", externalId);
	}

}
