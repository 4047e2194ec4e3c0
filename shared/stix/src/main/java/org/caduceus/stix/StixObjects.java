package org.caduceus.stix;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Checks one received STIX object before anything keeps it: its size, its id, its
 * {@code spec_version} (2.1 only), its OASIS schema and, for a STIX indicator, its
 * pattern. Also reads its TLP from {@code object_marking_refs}.
 */
public final class StixObjects {

	/** Objects with no TLP of their own: definitions, not shared content. */
	public static final java.util.Set<String> UNMARKED_TYPES = java.util.Set.of("marking-definition",
			"extension-definition", "identity");

	private static final Pattern ID = Pattern.compile(
			"([a-z0-9][a-z0-9-]*[a-z0-9]|x-[a-z0-9-]+)--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");

	private static final java.util.Set<String> SCO_TYPES = java.util.Set.of("artifact", "autonomous-system",
			"directory", "domain-name", "email-addr", "email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr",
			"mutex", "network-traffic", "process", "software", "url", "user-account", "windows-registry-key",
			"x509-certificate");

	private final StixSchemas schemas;

	private final int maxObjectBytes;

	/**
	 * @param schemas the OASIS schemas
	 * @param maxObjectBytes the largest object accepted, in bytes of its JSON
	 */
	public StixObjects(StixSchemas schemas, int maxObjectBytes) {
		this.schemas = schemas;
		this.maxObjectBytes = maxObjectBytes;
	}

	/**
	 * @param object a received object
	 * @param pointer where it is in what was sent, for the error
	 * @throws InvalidStix naming the first thing that is wrong
	 */
	public void check(JsonNode object, String pointer) {
		if (!object.isObject()) {
			throw new InvalidStix(pointer, "a STIX object must be a JSON object");
		}
		int size = object.toString().getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxObjectBytes) {
			throw new InvalidStix(pointer,
					"object of " + size + " bytes is over the limit of " + this.maxObjectBytes + " bytes");
		}
		String type = object.path("type").asString("");
		String id = object.path("id").asString("");
		if (!ID.matcher(id).matches() || !id.startsWith(type + "--")) {
			throw new InvalidStix(pointer + "/id", "'" + id + "' is not an id of type '" + type + "' (type--UUID)");
		}
		JsonNode specVersion = object.get("spec_version");
		if (specVersion == null && !SCO_TYPES.contains(type)) {
			throw new InvalidStix(pointer + "/spec_version", "missing; only STIX 2.1 is accepted");
		}
		if (specVersion != null && !"2.1".equals(specVersion.asString(""))) {
			throw new InvalidStix(pointer + "/spec_version",
					"'" + specVersion.asString(specVersion.toString()) + "' is not 2.1; only STIX 2.1 is accepted");
		}
		List<String> errors = this.schemas.validate(object);
		if (!errors.isEmpty()) {
			throw new InvalidStix(pointer, "breaks the OASIS STIX 2.1 schema of '" + type + "': "
					+ String.join("; ", errors.subList(0, Math.min(3, errors.size()))));
		}
		if (type.equals("indicator") && "stix".equals(object.path("pattern_type").asString(""))) {
			try {
				StixPattern.parse(object.path("pattern").asString(""));
			}
			catch (StixPattern.InvalidPattern ex) {
				throw new InvalidStix(pointer + "/pattern", ex.getMessage());
			}
		}
	}

	/**
	 * @return the TLP of {@code object}, failing closed: the most restrictive of its
	 * markings ({@code object_marking_refs} and granular markings), where anything but an
	 * official TLP 2.0 or TLP 1.0 marking reads as TLP:RED (see {@link Markings}); null
	 * when it carries no marking at all
	 */
	public static @Nullable Tlp tlp(JsonNode object) {
		return Markings.officialOnly().read(object).tlp();
	}

	/**
	 * @return the TLP an official marking definition id stands for, or null when it is
	 * not an official TLP marking
	 */
	public static @Nullable Tlp tlpOfMarking(String markingId) {
		return Markings.official(markingId);
	}

	/**
	 * @return whether {@code type} is a STIX cyber-observable type of the specification
	 */
	public static boolean observableType(String type) {
		return SCO_TYPES.contains(type);
	}

}
