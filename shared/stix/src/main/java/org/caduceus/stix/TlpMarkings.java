package org.caduceus.stix;

import java.util.Map;

import org.caduceus.taxonomy.Tlp;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official TLP 2.0 marking definitions (FIRST TLP 2.0 as a STIX 2.1 extension): fixed
 * ids that every STIX tool recognises, so a marking is never a home-made lookalike.
 */
public final class TlpMarkings {

	/** The extension that defines the TLP 2.0 marking definitions. */
	public static final String EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

	private static final Map<Tlp, String> IDS = Map.of(Tlp.CLEAR,
			"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", Tlp.GREEN,
			"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", Tlp.AMBER,
			"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", Tlp.AMBER_STRICT,
			"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", Tlp.RED,
			"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

	private TlpMarkings() {
	}

	/**
	 * @return the id of the official marking definition of {@code tlp}
	 */
	public static String id(Tlp tlp) {
		return IDS.get(tlp);
	}

	/**
	 * @return the official marking definition object of {@code tlp}
	 */
	public static ObjectNode definition(Tlp tlp, JsonMapper json) {
		ObjectNode marking = json.createObjectNode();
		marking.put("type", "marking-definition");
		marking.put("spec_version", "2.1");
		marking.put("id", id(tlp));
		marking.put("created", "2022-10-01T00:00:00.000Z");
		marking.put("name", tlp.label());
		ObjectNode extension = marking.putObject("extensions").putObject(EXTENSION);
		extension.put("extension_type", "property-extension");
		extension.put("tlp_2_0", tlp.code());
		return marking;
	}

}
