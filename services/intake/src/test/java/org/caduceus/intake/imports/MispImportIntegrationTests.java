package org.caduceus.intake.imports;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.caduceus.testsupport.ServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/misp/events}: an exported event re-imports losslessly, composite
 * attributes give both observables, what has no place is kept aside, and a bad tag or a
 * missing uuid stores nothing.
 */
@ServiceTest
class MispImportIntegrationTests {

	@Autowired
	WebTestClient web;

	ImportApi api;

	@BeforeEach
	void setUp() {
		this.api = new ImportApi(this.web);
	}

	@Test
	void anExportedEventReImportsLosslessly() {
		String id = this.api.file("Ransomware on PACS (misp round trip)", "amber",
				List.of(Map.of("type", "ipv4", "value", "192.0.2.213"),
						Map.of("type", "url", "value", "https://misp-roundtrip.example/pay"),
						Map.of("type", "md5", "value", "d41d8cd98f00b204e9800998ecf8427f"),
						Map.of("type", "asn", "value", "AS64512"), Map.of("type", "cve", "value", "CVE-2023-4966")));
		JsonNode original = this.api.get("/api/v1/incidents/{id}", id);
		JsonNode event = this.api.get("/api/v1/incidents/{id}/misp", id);

		JsonNode report = this.api.imported("/api/v1/misp/events", "application/json", event);

		JsonNode outcome = report.get("incidents").get(0);
		assertThat(outcome.get("outcome").asString()).isEqualTo("created");
		assertThat(report.get("warnings")).isEmpty();
		JsonNode copy = this.api.get("/api/v1/incidents/{id}", outcome.get("id").asString());
		assertThat(ImportApi.exchanged(copy)).isEqualTo(ImportApi.exchanged(original));
		assertThat(copy.get("origin").get("partnerRef").asString()).isEqualTo(original.get("ref").asString());
		assertThat(this.api.imported("/api/v1/misp/events", "application/json", event)
			.get("incidents")
			.get(0)
			.get("outcome")
			.asString()).isEqualTo("updated");
	}

	@Test
	void aForeignEventKeepsAsideWhatHasNoPlace() {
		ObjectNode root = ImportApi.JSON.createObjectNode();
		ObjectNode event = root.putObject("Event");
		event.put("uuid", UUID.randomUUID().toString());
		event.put("info", "Credential phishing against clinics");
		event.put("threat_level_id", "1");
		event.putObject("Orgc").put("name", "CERT-Partner");
		ArrayNode tags = event.putArray("Tag");
		tags.addObject().put("name", "tlp:green");
		tags.addObject().put("name", "rsit:fraud=\"phishing\"");
		tags.addObject().put("name", "misp-galaxy:threat-actor=\"X\"");
		ArrayNode attributes = event.putArray("Attribute");
		attribute(attributes, "filename|sha256",
				"invoice.pdf.exe|b3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		attribute(attributes, "hostname", "login-clinic.example");
		attribute(attributes, "btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
		event.putArray("Object").addObject().put("name", "email").put("uuid", UUID.randomUUID().toString());

		JsonNode report = this.api.imported("/api/v1/misp/events", "application/json", root);

		JsonNode incident = this.api.get("/api/v1/incidents/{id}", report.get("incidents").get(0).get("id").asString());
		assertThat(incident.get("tlp").asString()).isEqualTo("green");
		assertThat(incident.get("severity").asString()).isEqualTo("high");
		assertThat(incident.get("classification").get("rsitType").asString()).isEqualTo("phishing");
		assertThat(incident.get("reporter").get("organisation").asString()).isEqualTo("CERT-Partner");
		assertThat(incident.get("observables").valueStream().map((o) -> o.get("type").asString()))
			.containsExactly("filename", "sha256", "domain");
		assertThat(report.get("keptAside").valueStream().map((kept) -> kept.get("type").asString()))
			.containsExactly("attribute:btc", "object:email");
		assertThat(report.get("warnings").toString()).contains("misp-galaxy:threat-actor");
	}

	/** Each of these was filed TLP:AMBER, readable by every analyst and escalatable. */
	@Test
	void markingsAndSharingLimitsFailClosedAndTheMostRestrictiveWins() {
		assertThat(tlpOf(event(null, null), null)).isEqualTo("red");
		assertThat(tlpOf(event("tlp: red", null), null)).isEqualTo("red");
		assertThat(tlpOf(event("tlp:green", "0"), null)).isEqualTo("amber+strict");
		assertThat(tlpOf(event("tlp:green", "4"), null)).isEqualTo("red");
		assertThat(tlpOf(event("tlp:green", "9"), null)).isEqualTo("red");
		assertThat(tlpOf(event("tlp:green", "3"), "tlp:red")).isEqualTo("red");
		ObjectNode limitedAttribute = event("tlp:clear", "3");
		limitedAttribute.get("Event")
			.withArray("Attribute")
			.addObject()
			.put("type", "domain")
			.put("value", "limited-" + UUID.randomUUID() + ".example")
			.put("distribution", "1");
		assertThat(tlpOf(limitedAttribute, null)).isEqualTo("amber");
		// an export of this node re-imports at its own level: its distribution is what
		// the
		// level allows
		assertThat(tlpOf(event("tlp:amber", "1"), null)).isEqualTo("amber");
		assertThat(tlpOf(event("tlp:clear", "5"), null)).isEqualTo("clear");
	}

	private static ObjectNode event(String tlpTag, String distribution) {
		ObjectNode root = ImportApi.JSON.createObjectNode();
		ObjectNode event = root.putObject("Event");
		event.put("uuid", UUID.randomUUID().toString());
		event.put("info", "Marked event");
		if (distribution != null) {
			event.put("distribution", distribution);
		}
		if (tlpTag != null) {
			event.putArray("Tag").addObject().put("name", tlpTag);
		}
		return root;
	}

	private String tlpOf(ObjectNode root, String attributeTlpTag) {
		ArrayNode attributes = root.get("Event").withArray("Attribute");
		ObjectNode attribute = attributes.addObject();
		attribute.put("type", "hostname").put("value", "h-" + UUID.randomUUID() + ".example");
		if (attributeTlpTag != null) {
			attribute.putArray("Tag").addObject().put("name", attributeTlpTag);
		}
		JsonNode report = this.api.imported("/api/v1/misp/events", "application/json", root);
		String id = report.get("incidents").get(0).get("id").asString();
		// the importer filed it, so reads it whatever its level
		return this.api.get("/api/v1/incidents/{id}", id).get("tlp").asString();
	}

	@Test
	void aBadTagOrAMissingUuidIsRefusedAndStoresNothing() {
		ObjectNode root = ImportApi.JSON.createObjectNode();
		ObjectNode event = root.putObject("Event");
		String uuid = UUID.randomUUID().toString();
		event.put("uuid", uuid);
		event.put("info", "Bad tag");
		event.putArray("Tag").addObject().put("name", "tlp:purple");
		JsonNode problem = this.api.post("/api/v1/misp/events", "application/json", root)
			.expectStatus()
			.isEqualTo(422)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem.get("pointer").asString()).isEqualTo("/Event/Tag/0");
		this.api.assertNotFound(StixImportIntegrationTests.linkedId("misp:" + uuid));

		event.remove("uuid");
		event.putArray("Tag");
		assertThat(this.api.post("/api/v1/misp/events", "application/json", root)
			.expectStatus()
			.isEqualTo(422)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("pointer")
			.asString()).isEqualTo("/Event/uuid");

		event.put("uuid", uuid);
		attribute(event.putArray("Attribute"), "ip-dst", "not-an-ip");
		assertThat(this.api.post("/api/v1/misp/events", "application/json", root)
			.expectStatus()
			.isEqualTo(422)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("pointer")
			.asString()).isEqualTo("/incidents/0/observables/0");
		this.api.assertNotFound(StixImportIntegrationTests.linkedId("misp:" + uuid));
	}

	private static void attribute(ArrayNode attributes, String type, String value) {
		ObjectNode attribute = attributes.addObject();
		attribute.put("uuid", UUID.randomUUID().toString());
		attribute.put("type", type);
		attribute.put("value", value);
	}

}
