package org.caduceus.stix;

import java.time.Instant;
import java.util.List;

import org.caduceus.taxonomy.Tlp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading bundles back: an export re-imports losslessly, what has no place in an incident
 * is kept aside with a reason, and each kind of bad input is refused with where and why.
 */
class StixImportTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final StixImport IMPORT = new StixImport(new StixObjects(new StixSchemas(), 64 * 1024), 1000);

	static final IncidentExport EXPORT = new IncidentExport("nl-z-cert", "Z-CERT");

	@Test
	void anExportReImportsLosslessly() {
		for (Tlp tlp : Tlp.values()) {
			IncidentFacts original = facts(tlp);
			StixImport.Contents contents = IMPORT.read(EXPORT.bundle(original));
			assertThat(contents.incidents()).hasSize(1);
			StixImport.Imported imported = contents.incidents().get(0);
			assertThat(imported.source()).isEqualTo("Z-CERT");
			assertThat(imported.warnings()).isEmpty();
			assertThat(imported.stixId())
				.isEqualTo(StixIds.of("incident", StixIds.CADUCEUS_NAMESPACE, "nl-z-cert|" + original.id()));
			// the same facts, with the STIX id in place of the author's internal id
			assertThat(withId(imported.facts(), original.id())).isEqualTo(original);
			assertThat(contents.keptAside()).isEmpty();
			// and exporting what was read gives the same bundle again, object for object
			ObjectNode again = EXPORT.bundle(withId(imported.facts(), original.id()));
			assertThat(again).isEqualTo(EXPORT.bundle(original));
		}
	}

	@Test
	void anIncidentWithoutCareServicesOrDescriptionExportsValidlyAndRoundTrips() {
		IncidentFacts bare = new IncidentFacts("7e2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01", "NL-2026-000124", "Bare", null,
				Instant.parse("2026-11-23T06:30:00Z"), Instant.parse("2026-11-23T06:30:00Z"), Tlp.GREEN, "AMBER",
				"other", "undetermined", List.of(), "low", "none", "none", List.of());
		ObjectNode bundle = EXPORT.bundle(bare);
		StixSchemas schemas = new StixSchemas();
		bundle.get("objects").forEach((object) -> assertThat(schemas.validate(object)).isEmpty());
		assertThat(withId(IMPORT.read(bundle).incidents().get(0).facts(), bare.id())).isEqualTo(bare);
	}

	@Test
	void whatHasNoPlaceInAnIncidentIsKeptAsideWithTheReason() {
		ObjectNode bundle = EXPORT.bundle(facts(Tlp.GREEN));
		ArrayNode objects = (ArrayNode) bundle.get("objects");
		String incidentId = find(bundle, "incident").get("id").asString();
		ObjectNode malware = object("malware", "malware--2f9b5c4e-8a1d-4c3e-9b7a-6d5e4f3a2b1c");
		malware.put("name", "LockBit");
		malware.put("is_family", true);
		objects.add(malware);
		objects.add(relationship("relationship--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", incidentId,
				malware.get("id").asString()));
		ObjectNode mac = JSON.createObjectNode();
		mac.put("type", "mac-addr");
		mac.put("id", "mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00");
		mac.put("value", "d2:fb:49:24:37:18");
		objects.add(mac);
		objects.add(relationship("relationship--1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", incidentId,
				mac.get("id").asString()));
		ObjectNode lonely = JSON.createObjectNode();
		lonely.put("type", "domain-name");
		lonely.put("id", "domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5");
		lonely.put("value", "elsewhere.example");
		objects.add(lonely);
		ObjectNode custom = object("x-hospital-ward", "x-hospital-ward--5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b");
		objects.add(custom);

		StixImport.Contents contents = IMPORT.read(bundle);

		assertThat(contents.incidents()).hasSize(1);
		assertThat(contents.incidents().get(0).facts().observables()).hasSize(11);
		assertThat(contents.keptAside()).extracting(StixImport.KeptAside::type, StixImport.KeptAside::reason)
			.containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple("malware", "no Caduceus mapping for STIX type 'malware'"),
					org.assertj.core.groups.Tuple.tuple("relationship", "relates objects that were not both imported"),
					org.assertj.core.groups.Tuple.tuple("mac-addr",
							"Caduceus has no observable type for STIX 'mac-addr'"),
					org.assertj.core.groups.Tuple.tuple("relationship", "relates objects that were not both imported"),
					org.assertj.core.groups.Tuple.tuple("domain-name", "not related to an incident in the bundle"),
					org.assertj.core.groups.Tuple.tuple("x-hospital-ward",
							"no Caduceus mapping for STIX type 'x-hospital-ward'"));
		assertThat(contents.keptAside().get(0).object()).isEqualTo(malware);
	}

	@Test
	void aForeignIncidentWithoutTheExtensionOrTlpGetsSafeDefaultsAndSaysSo() {
		ObjectNode incident = object("incident", "incident--7d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01");
		incident.put("name", "Phishing wave at clinics");
		ObjectNode indicator = object("indicator", "indicator--8d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01");
		indicator.put("pattern", "[domain-name:value = 'clinic-login.example']");
		indicator.put("pattern_type", "stix");
		indicator.put("valid_from", "2026-11-20T00:00:00Z");
		indicator.putArray("object_marking_refs").add("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da");
		ObjectNode complex = object("indicator", "indicator--9d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01");
		complex.put("pattern", "[file:name = 'a.exe'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.1'] WITHIN 60 SECONDS");
		complex.put("pattern_type", "stix");
		complex.put("valid_from", "2026-11-20T00:00:00Z");
		ObjectNode bundle = bundle(incident, indicator, complex,
				relationship("relationship--2a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", incident.get("id").asString(),
						indicator.get("id").asString()),
				relationship("relationship--3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", incident.get("id").asString(),
						complex.get("id").asString()));

		StixImport.Contents contents = IMPORT.read(bundle);

		IncidentFacts facts = contents.incidents().get(0).facts();
		// no marking fails closed: the strictest level, and the warning says so
		assertThat(facts.tlp()).isEqualTo(Tlp.RED);
		assertThat(contents.incidents().get(0).warnings())
			.contains(incident.get("id").asString() + " carries no TLP marking: filed as TLP:RED");
		assertThat(facts.rsitClass()).isEqualTo("other");
		assertThat(facts.rsitType()).isEqualTo("undetermined");
		assertThat(facts.observables()).containsExactly(new IncidentFacts.Observable("domain", "clinic-login.example"));
		assertThat(contents.incidents().get(0).warnings()).hasSize(2);
		assertThat(contents.keptAside()).extracting(StixImport.KeptAside::id, StixImport.KeptAside::reason)
			.contains(org.assertj.core.groups.Tuple.tuple(complex.get("id").asString(),
					"its pattern is not one observable"));
	}

	@Test
	void tlp1MarkingsAreReadAsTheirTlp2Level() {
		ObjectNode incident = object("incident", "incident--6d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01");
		incident.put("name", "x");
		incident.putArray("object_marking_refs").add("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");
		assertThat(IMPORT.read(bundle(incident)).incidents().get(0).facts().tlp()).isEqualTo(Tlp.RED);
	}

	/**
	 * A home-made RED marking definition was filed as AMBER, readable by every analyst.
	 */
	@Test
	void aRedMarkingWithAnUnofficialIdIsReadAsRed() {
		ObjectNode red = object("marking-definition", "marking-definition--0d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01");
		red.put("name", "TLP:RED");
		red.putObject("extensions")
			.putObject(TlpMarkings.EXTENSION)
			.put("extension_type", "property-extension")
			.put("tlp_2_0", "red");
		ObjectNode incident = object("incident", "incident--6d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f02");
		incident.put("name", "x");
		incident.putArray("object_marking_refs").add(red.get("id").asString());
		StixImport.Imported imported = IMPORT.read(bundle(red, incident)).incidents().get(0);
		assertThat(imported.facts().tlp()).isEqualTo(Tlp.RED);
		assertThat(imported.warnings()).anyMatch((warning) -> warning.contains(red.get("id").asString()));
	}

	@Test
	void aMarkingThatIsNeitherOfficialNorDefinedInTheBundleIsReadAsRed() {
		ObjectNode incident = object("incident", "incident--6d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f03");
		incident.put("name", "x");
		incident.putArray("object_marking_refs")
			.add(TlpMarkings.id(Tlp.GREEN))
			.add("marking-definition--9d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f09");
		StixImport.Imported imported = IMPORT.read(bundle(incident)).incidents().get(0);
		assertThat(imported.facts().tlp()).isEqualTo(Tlp.RED);
		assertThat(imported.warnings())
			.anyMatch((warning) -> warning.contains("marking-definition--9d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f09")
					&& warning.contains("read as TLP:RED"));
	}

	@Test
	void aStatementMarkingStatesNoLevel() {
		ObjectNode copyright = object("marking-definition", "marking-definition--0d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f04");
		copyright.put("definition_type", "statement");
		copyright.putObject("definition").put("statement", "Copyright 2026, Z-CERT");
		ObjectNode incident = object("incident", "incident--6d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f04");
		incident.put("name", "x");
		incident.putArray("object_marking_refs").add(TlpMarkings.id(Tlp.GREEN)).add(copyright.get("id").asString());
		assertThat(IMPORT.read(bundle(copyright, incident)).incidents().get(0).facts().tlp()).isEqualTo(Tlp.GREEN);
	}

	@Test
	void aGranularMarkingOnOnePropertyMarksTheWholeIncident() {
		ObjectNode incident = object("incident", "incident--6d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f05");
		incident.put("name", "x");
		incident.put("description", "the hospital's name");
		incident.putArray("object_marking_refs").add(TlpMarkings.id(Tlp.GREEN));
		ObjectNode granular = incident.putArray("granular_markings").addObject();
		granular.put("marking_ref", TlpMarkings.id(Tlp.AMBER_STRICT));
		granular.putArray("selectors").add("description");
		assertThat(IMPORT.read(bundle(incident)).incidents().get(0).facts().tlp()).isEqualTo(Tlp.AMBER_STRICT);
	}

	/**
	 * Observables taken from a RED indicator do not become readable in a GREEN incident.
	 */
	@Test
	void anIncidentIsAsStrictAsTheMostRestrictedContentItTakes() {
		ObjectNode incident = object("incident", "incident--6d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f06");
		incident.put("name", "x");
		incident.putArray("object_marking_refs").add(TlpMarkings.id(Tlp.GREEN));
		ObjectNode indicator = object("indicator", "indicator--8d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f06");
		indicator.put("pattern", "[ipv4-addr:value = '198.51.100.7']");
		indicator.put("pattern_type", "stix");
		indicator.put("valid_from", "2026-11-20T00:00:00Z");
		indicator.putArray("object_marking_refs").add(TlpMarkings.id(Tlp.RED));
		StixImport.Imported imported = IMPORT
			.read(bundle(incident, indicator,
					relationship("relationship--2a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c06", incident.get("id").asString(),
							indicator.get("id").asString())))
			.incidents()
			.get(0);
		assertThat(imported.facts().observables()).contains(new IncidentFacts.Observable("ipv4", "198.51.100.7"));
		assertThat(imported.facts().tlp()).isEqualTo(Tlp.RED);
		assertThat(imported.warnings()).anyMatch((warning) -> warning.contains(indicator.get("id").asString()));
	}

	@Test
	void aWrongSpecVersionIsRefused() {
		ObjectNode bundle = EXPORT.bundle(facts(Tlp.GREEN));
		((ObjectNode) find(bundle, "indicator")).put("spec_version", "2.0");
		assertThatThrownBy(() -> IMPORT.read(bundle)).isInstanceOf(InvalidStix.class)
			.hasMessageContaining("/spec_version")
			.hasMessageContaining("'2.0' is not 2.1");
		ObjectNode old = EXPORT.bundle(facts(Tlp.GREEN));
		old.put("spec_version", "2.0");
		assertThatThrownBy(() -> IMPORT.read(old)).isInstanceOf(InvalidStix.class).hasMessageContaining("STIX 2.0");
	}

	@Test
	void anObjectThatBreaksItsSchemaIsRefusedWithWhere() {
		ObjectNode bundle = EXPORT.bundle(facts(Tlp.GREEN));
		((ObjectNode) find(bundle, "indicator")).remove("pattern_type");
		assertThatThrownBy(() -> IMPORT.read(bundle)).isInstanceOf(InvalidStix.class)
			.hasMessageContaining("breaks the OASIS STIX 2.1 schema of 'indicator'")
			.hasMessageContaining("pattern_type")
			.satisfies((ex) -> assertThat(((InvalidStix) ex).pointer()).matches("/objects/\\d+"));
	}

	@Test
	void aPatternThatDoesNotParseIsRefused() {
		ObjectNode bundle = EXPORT.bundle(facts(Tlp.GREEN));
		((ObjectNode) find(bundle, "indicator")).put("pattern", "[ipv4-addr:value = '203.0.113.9'");
		assertThatThrownBy(() -> IMPORT.read(bundle)).isInstanceOf(InvalidStix.class)
			.hasMessageContaining("/pattern")
			.hasMessageContaining("expected ']'");
	}

	@Test
	void anObjectOverTheSizeLimitIsRefused() {
		ObjectNode bundle = EXPORT.bundle(facts(Tlp.GREEN));
		((ObjectNode) find(bundle, "incident")).put("description", "x".repeat(70 * 1024));
		assertThatThrownBy(() -> IMPORT.read(bundle)).isInstanceOf(InvalidStix.class)
			.hasMessageContaining("over the limit of 65536 bytes");
	}

	@Test
	void tooManyObjectsABadIdOrAnUnknownTaxonomyValueAreRefused() {
		StixImport small = new StixImport(new StixObjects(new StixSchemas(), 64 * 1024), 5);
		assertThatThrownBy(() -> small.read(EXPORT.bundle(facts(Tlp.GREEN)))).isInstanceOf(InvalidStix.class)
			.hasMessageContaining("over the limit of 5 per bundle");
		ObjectNode badId = EXPORT.bundle(facts(Tlp.GREEN));
		((ObjectNode) find(badId, "indicator")).put("id", "indicator--not-a-uuid");
		assertThatThrownBy(() -> IMPORT.read(badId)).isInstanceOf(InvalidStix.class).hasMessageContaining("/id");
		ObjectNode badSeverity = EXPORT.bundle(facts(Tlp.GREEN));
		((ObjectNode) find(badSeverity, "incident").get("extensions").get(IncidentExport.extensionId())).put("severity",
				"apocalyptic");
		assertThatThrownBy(() -> IMPORT.read(badSeverity)).isInstanceOf(InvalidStix.class)
			.hasMessageContaining("/severity")
			.hasMessageContaining("apocalyptic");
		assertThatThrownBy(() -> IMPORT.read(JSON.readTree("{\"type\":\"report\"}"))).isInstanceOf(InvalidStix.class)
			.hasMessageContaining("not a STIX bundle");
	}

	static IncidentFacts withId(IncidentFacts facts, String id) {
		return new IncidentFacts(id, facts.ref(), facts.title(), facts.description(), facts.createdAt(),
				facts.updatedAt(), facts.tlp(), facts.pap(), facts.rsitClass(), facts.rsitType(), facts.careServices(),
				facts.severity(), facts.patientSafetyImpact(), facts.careDisruption(), facts.observables());
	}

	static IncidentFacts facts(Tlp tlp) {
		return new IncidentFacts("5d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01", "NL-2026-000123",
				"Ransomware on radiology PACS", "Encrypted archive", Instant.parse("2026-11-23T06:30:00Z"),
				Instant.parse("2026-11-23T09:00:00.250Z"), tlp, "RED", "malicious-code", "infected-system",
				List.of("diagnostics-imaging", "emergency-care"), "critical", "potential", "diverted",
				List.of(new IncidentFacts.Observable("ipv4", "203.0.113.9"),
						new IncidentFacts.Observable("ipv6", "2001:db8::1"),
						new IncidentFacts.Observable("cidr", "198.51.100.0/24"),
						new IncidentFacts.Observable("domain", "pay-up.example"),
						new IncidentFacts.Observable("url", "https://pay-up.example/note?id='x'"),
						new IncidentFacts.Observable("email", "extort@pay-up.example"),
						new IncidentFacts.Observable("sha256",
								"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
						new IncidentFacts.Observable("md5", "d41d8cd98f00b204e9800998ecf8427e"),
						new IncidentFacts.Observable("filename", "readme-decrypt.txt"),
						new IncidentFacts.Observable("asn", "AS64496"),
						new IncidentFacts.Observable("cve", "CVE-2024-3400")));
	}

	static JsonNode find(JsonNode bundle, String type) {
		for (JsonNode object : bundle.get("objects")) {
			if (object.get("type").asString().equals(type)) {
				return object;
			}
		}
		throw new AssertionError("no " + type);
	}

	static ObjectNode object(String type, String id) {
		ObjectNode object = JSON.createObjectNode();
		object.put("type", type);
		object.put("spec_version", "2.1");
		object.put("id", id);
		object.put("created", "2026-11-20T08:00:00.000Z");
		object.put("modified", "2026-11-20T08:00:00.000Z");
		return object;
	}

	static ObjectNode relationship(String id, String source, String target) {
		ObjectNode relationship = object("relationship", id);
		relationship.put("relationship_type", "related-to");
		relationship.put("source_ref", source);
		relationship.put("target_ref", target);
		return relationship;
	}

	static ObjectNode bundle(ObjectNode... objects) {
		ObjectNode bundle = JSON.createObjectNode();
		bundle.put("type", "bundle");
		bundle.put("id", "bundle--1d2c2c8e-3a44-4c1e-9c55-1c4e0b1a7f01");
		ArrayNode array = bundle.putArray("objects");
		for (ObjectNode object : objects) {
			array.add(object);
		}
		return bundle;
	}

}
