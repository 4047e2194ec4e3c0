package org.caduceus.stix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the TLP a STIX object is marked with, failing closed. Every marking counts: its
 * {@code object_marking_refs} and the {@code marking_ref} of each of its
 * {@code granular_markings} (a marking on one property marks the whole object here), and
 * the most restrictive wins. A reference is read as:
 * <ul>
 * <li>an official TLP 2.0 or TLP 1.0 marking definition: its level;</li>
 * <li>a marking definition of the same bundle with another id: the level it states (a TLP
 * 1.0 {@code definition}, the TLP 2.0 extension or a {@code TLP:} name), with a warning;
 * a {@code statement} marking (copyright, terms of use) states no level;</li>
 * <li>anything else (a definition not in the bundle, or one that states no readable
 * level): TLP:RED, with a warning naming it.</li>
 * </ul>
 */
public final class Markings {

	/** The TLP 1.0 marking definitions of the STIX 2.1 specification, read as TLP 2.0. */
	private static final Map<String, Tlp> TLP_1 = Map.of("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
			Tlp.CLEAR, "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.GREEN,
			"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.AMBER,
			"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.RED);

	private static final Markings OFFICIAL_ONLY = new Markings(Map.of());

	private final Map<String, JsonNode> definitions;

	/**
	 * @param definitions the marking definitions sent with the objects, by id
	 */
	public Markings(Map<String, JsonNode> definitions) {
		this.definitions = definitions;
	}

	/**
	 * @return a reader that knows only the official TLP marking definitions: any other
	 * marking reads as TLP:RED
	 */
	public static Markings officialOnly() {
		return OFFICIAL_ONLY;
	}

	/**
	 * What the markings of one object say.
	 *
	 * @param tlp the most restrictive level, or null when the object carries no marking
	 * that states one
	 * @param warnings each marking that was not an official TLP marking, and how it was
	 * read
	 */
	public record Read(@Nullable Tlp tlp, List<String> warnings) {
	}

	/**
	 * @param object a STIX object
	 * @return its TLP as its markings state it, failing closed
	 */
	public Read read(JsonNode object) {
		Set<String> refs = new LinkedHashSet<>();
		for (JsonNode ref : object.path("object_marking_refs")) {
			refs.add(ref.asString(""));
		}
		for (JsonNode granular : object.path("granular_markings")) {
			if (granular.has("marking_ref")) {
				refs.add(granular.path("marking_ref").asString(""));
			}
		}
		Tlp most = null;
		List<String> warnings = new ArrayList<>();
		String id = object.path("id").asString("");
		for (String ref : refs) {
			Tlp tlp = level(ref, id, warnings);
			if (tlp != null && (most == null || tlp.ordinal() > most.ordinal())) {
				most = tlp;
			}
		}
		return new Read(most, List.copyOf(warnings));
	}

	/**
	 * @return the official TLP level a marking definition id stands for, or null when it
	 * is not an official TLP marking
	 */
	public static @Nullable Tlp official(String markingId) {
		for (Tlp tlp : Tlp.values()) {
			if (TlpMarkings.id(tlp).equals(markingId)) {
				return tlp;
			}
		}
		return TLP_1.get(markingId);
	}

	private @Nullable Tlp level(String ref, String id, List<String> warnings) {
		Tlp official = official(ref);
		if (official != null) {
			return official;
		}
		JsonNode definition = this.definitions.get(ref);
		if (definition == null) {
			warnings.add(id + " is marked with " + ref + ", which is not an official TLP marking and not defined in"
					+ " what was sent: read as TLP:RED");
			return Tlp.RED;
		}
		String type = definition.path("definition_type").asString("");
		if (type.equals("statement")) {
			return null;
		}
		Tlp stated = stated(definition);
		if (stated == null) {
			warnings
				.add(id + " is marked with " + ref + ", which states no TLP level this node reads: read as TLP:RED");
			return Tlp.RED;
		}
		warnings.add(id + " is marked with " + ref + ", not an official TLP marking id, stating " + stated.label()
				+ ": read as " + stated.label());
		return stated;
	}

	private static @Nullable Tlp stated(JsonNode definition) {
		try {
			if (definition.path("definition_type").asString("").equals("tlp")) {
				return Tlp.of(definition.path("definition").path("tlp").asString(""));
			}
			JsonNode extension = definition.path("extensions").path(TlpMarkings.EXTENSION);
			if (extension.has("tlp_2_0")) {
				return Tlp.of(extension.path("tlp_2_0").asString(""));
			}
			String name = definition.path("name").asString("").strip();
			if (name.toUpperCase(Locale.ROOT).startsWith("TLP:")) {
				return Tlp.of(name.substring(4));
			}
		}
		catch (RuntimeException unreadable) {
			return null;
		}
		return null;
	}

}
