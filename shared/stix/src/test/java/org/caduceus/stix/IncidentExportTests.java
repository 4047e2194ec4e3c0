package org.caduceus.stix;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.caduceus.taxonomy.Tlp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every object of an exported bundle validates against its own OASIS STIX 2.1 schema (the
 * copies in {@code stix2.1-schemas/}; the bundle schema itself rejects {@code incident}
 * objects, so each object is checked on its own), ids are stable across exports, and TLP
 * is the official marking.
 */
class IncidentExportTests {

	static final StixSchemas SCHEMAS = new StixSchemas();

	static final IncidentExport EXPORT = new IncidentExport("nl-z-cert", "Z-CERT");

	@Test
	void everyExportedObjectValidatesAgainstItsOasisSchema() {
		ObjectNode bundle = EXPORT.bundle(incident(Tlp.AMBER));
		assertThat(bundle.get("type").asString()).isEqualTo("bundle");
		List<String> types = new ArrayList<>();
		for (JsonNode object : bundle.get("objects")) {
			String type = object.get("type").asString();
			types.add(type);
			assertThat(StixSchemas.known(type)).as(type + " has its own OASIS schema").isTrue();
			assertThat(SCHEMAS.validate(object)).as(type + " " + object).isEmpty();
		}
		assertThat(types).contains("identity", "extension-definition", "marking-definition", "incident", "ipv4-addr",
				"ipv6-addr", "domain-name", "url", "email-addr", "file", "autonomous-system", "vulnerability",
				"indicator", "relationship");
	}

	@Test
	void aBrokenObjectIsRefusedByTheSchemas() {
		ObjectNode indicator = (ObjectNode) find(EXPORT.bundle(incident(Tlp.GREEN)), "indicator").deepCopy();
		indicator.remove("pattern");
		assertThat(SCHEMAS.validate(indicator)).anySatisfy((error) -> assertThat(error).contains("pattern"));
	}

	@Test
	void theExtensionKeepsTheIdItIsPublishedUnder() {
		// docs/stix-extension.md and partners' tools know it by this id
		assertThat(IncidentExport.extensionId())
			.isEqualTo("extension-definition--d965365f-549e-5b80-ba0d-41edaf8eb92e");
	}

	@Test
	void reExportingGivesTheSameIds() {
		assertThat(EXPORT.bundle(incident(Tlp.AMBER))).isEqualTo(EXPORT.bundle(incident(Tlp.AMBER)));
		JsonNode other = new IncidentExport("de-bsi", "BSI").bundle(incident(Tlp.AMBER));
		assertThat(find(other, "incident").get("id"))
			.isNotEqualTo(find(EXPORT.bundle(incident(Tlp.AMBER)), "incident").get("id"));
	}

	@Test
	void observableIdsFollowTheStixRuleForScos() {
		// STIX 2.1 3.2: UUIDv5 in the SCO namespace over the canonical JSON of the
		// id-contributing properties
		assertThat(find(EXPORT.bundle(incident(Tlp.AMBER)), "ipv4-addr").get("id").asString())
			.isEqualTo("ipv4-addr--" + StixIds.uuid5(StixIds.SCO_NAMESPACE, "{\"value\":\"203.0.113.9\"}"));
		assertThat(StixIds.uuid5(StixIds.SCO_NAMESPACE, "x").version()).isEqualTo(5);
	}

	@Test
	void tlpIsTheOfficialTlp2MarkingOnEveryObject() {
		JsonNode bundle = EXPORT.bundle(incident(Tlp.AMBER));
		JsonNode marking = find(bundle, "marking-definition");
		assertThat(marking.get("id").asString()).isEqualTo("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
		assertThat(marking.get("name").asString()).isEqualTo("TLP:AMBER");
		for (JsonNode object : bundle.get("objects")) {
			String type = object.get("type").asString();
			if (List.of("incident", "indicator", "relationship", "ipv4-addr", "vulnerability").contains(type)) {
				assertThat(object.get("object_marking_refs").get(0).asString()).as(type)
					.isEqualTo(marking.get("id").asString());
			}
		}
		assertThat(TlpMarkings.id(Tlp.RED)).isEqualTo("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
	}

	@Test
	void patternsQuoteValuesAndCarryTheHealthClassification() {
		assertThat(Patterns.of(new IncidentFacts.Observable("filename", "it's\\evil.exe")))
			.isEqualTo("[file:name = 'it\\'s\\\\evil.exe']");
		JsonNode extension = find(EXPORT.bundle(incident(Tlp.AMBER)), "incident").get("extensions")
			.get(IncidentExport.extensionId());
		assertThat(extension.get("rsit_type").asString()).isEqualTo("infected-system");
		assertThat(extension.get("care_services").get(0).asString()).isEqualTo("diagnostics-imaging");
	}

	@Test
	void aPartnersIncidentNamesItsOriginOnEveryMarkedObjectAndALocalOneNowhere() {
		ObjectNode local = EXPORT.bundle(incident(Tlp.AMBER));
		assertThat(EXPORT.bundle(incident(Tlp.AMBER), null).toString()).isEqualTo(local.toString());
		assertThat(local.toString()).doesNotContain(IncidentExport.ORIGIN_PROPERTY);
		ObjectNode received = EXPORT.bundle(incident(Tlp.AMBER), "de-cert");
		int marked = 0;
		for (JsonNode object : received.get("objects")) {
			assertThat(SCHEMAS.validate(object)).as(object.toString()).isEmpty();
			if (object.has("object_marking_refs")) {
				marked++;
				assertThat(IncidentExport.origin(object)).as(object.get("type").asString()).isEqualTo("de-cert");
			}
			else {
				assertThat(IncidentExport.origin(object)).isNull();
			}
		}
		assertThat(marked).isGreaterThan(10);
		// the classification stays beside the origin, and ids do not change
		JsonNode extension = find(received, "incident").get("extensions").get(IncidentExport.extensionId());
		assertThat(extension.get("rsit_type").asString()).isEqualTo("infected-system");
		assertThat(find(received, "incident").get("id")).isEqualTo(find(local, "incident").get("id"));
	}

	private static JsonNode find(JsonNode bundle, String type) {
		for (JsonNode object : bundle.get("objects")) {
			if (object.get("type").asString().equals(type)) {
				return object;
			}
		}
		throw new AssertionError("no " + type);
	}

	private static IncidentFacts incident(Tlp tlp) {
		return new IncidentFacts("5d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01", "NL-2026-000123",
				"Ransomware on radiology PACS", "Encrypted archive", Instant.parse("2026-11-23T06:30:00Z"),
				Instant.parse("2026-11-23T09:00:00Z"), tlp, "amber", "malicious-code", "infected-system",
				List.of("diagnostics-imaging"), "critical", "potential", "diverted",
				List.of(new IncidentFacts.Observable("ipv4", "203.0.113.9"),
						new IncidentFacts.Observable("ipv6", "2001:db8::1"),
						new IncidentFacts.Observable("domain", "pay-up.example"),
						new IncidentFacts.Observable("url", "https://pay-up.example/note"),
						new IncidentFacts.Observable("email", "extort@pay-up.example"),
						new IncidentFacts.Observable("sha256",
								"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
						new IncidentFacts.Observable("filename", "readme-decrypt.txt"),
						new IncidentFacts.Observable("asn", "AS64496"),
						new IncidentFacts.Observable("cve", "CVE-2024-3400")));
	}

}
