package org.caduceus.stix;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * The OASIS STIX 2.1 JSON schemas (shipped in {@code stix2.1-schemas/}, BSD-3-Clause),
 * one object at a time. A type with no schema of its own (a custom {@code x-} object, or
 * one the OASIS set does not cover) is checked against the common core: an id of its
 * type, {@code spec_version} 2.1, timestamps.
 */
public final class StixSchemas {

	static final String OASIS = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

	private static final Map<String, String> SCHEMA_OF = Map.ofEntries(Map.entry("attack-pattern", "sdos"),
			Map.entry("campaign", "sdos"), Map.entry("course-of-action", "sdos"), Map.entry("grouping", "sdos"),
			Map.entry("identity", "sdos"), Map.entry("incident", "sdos"), Map.entry("indicator", "sdos"),
			Map.entry("infrastructure", "sdos"), Map.entry("intrusion-set", "sdos"), Map.entry("location", "sdos"),
			Map.entry("malware-analysis", "sdos"), Map.entry("malware", "sdos"), Map.entry("note", "sdos"),
			Map.entry("observed-data", "sdos"), Map.entry("opinion", "sdos"), Map.entry("report", "sdos"),
			Map.entry("threat-actor", "sdos"), Map.entry("tool", "sdos"), Map.entry("vulnerability", "sdos"),
			Map.entry("relationship", "sros"), Map.entry("sighting", "sros"), Map.entry("marking-definition", "common"),
			Map.entry("extension-definition", "common"), Map.entry("artifact", "observables"),
			Map.entry("autonomous-system", "observables"), Map.entry("directory", "observables"),
			Map.entry("domain-name", "observables"), Map.entry("email-addr", "observables"),
			Map.entry("email-message", "observables"), Map.entry("file", "observables"),
			Map.entry("ipv4-addr", "observables"), Map.entry("ipv6-addr", "observables"),
			Map.entry("mac-addr", "observables"), Map.entry("mutex", "observables"),
			Map.entry("network-traffic", "observables"), Map.entry("process", "observables"),
			Map.entry("software", "observables"), Map.entry("url", "observables"),
			Map.entry("user-account", "observables"), Map.entry("windows-registry-key", "observables"),
			Map.entry("x509-certificate", "observables"));

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder
				.schemaIdResolvers((resolvers) -> resolvers.mapPrefix(OASIS, "classpath:stix2.1-schemas/")));

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	/**
	 * @return whether the OASIS set has a schema for {@code type}
	 */
	public static boolean known(String type) {
		return SCHEMA_OF.containsKey(type);
	}

	/**
	 * @param object one STIX object (not a bundle)
	 * @return what breaks its schema, each as "path: message"; empty when it is valid
	 */
	public List<String> validate(JsonNode object) {
		String type = object.path("type").asString("");
		String folder = SCHEMA_OF.get(type);
		String path = (folder != null) ? folder + "/" + type + ".json" : "common/core.json";
		Schema schema = this.schemas.computeIfAbsent(path,
				(location) -> this.registry.getSchema(SchemaLocation.of(OASIS + location)));
		return schema.validate(object)
			.stream()
			.map((error) -> error.getInstanceLocation() + ": " + error.getMessage())
			.toList();
	}

}
