package org.caduceus.intake.misp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.caduceus.intake.imports.ImportCandidate;
import org.caduceus.intake.imports.ImportRefused;
import org.caduceus.intake.imports.KeptAside;
import org.caduceus.stix.IncidentFacts;
import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.InvalidTaxonomyValue;
import org.caduceus.taxonomy.MachineTag;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.RsitClassification;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a MISP event (MISP core format) into an incident, the reverse of
 * {@link MispEvents}: the machine tags give TLP, PAP, RSIT and the health fields; each
 * attribute of a known type gives an observable (a composite {@code filename|sha256}
 * gives both). Attributes of other types and MISP objects are kept aside with the reason.
 */
final class MispImport {

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern REF_AND_TITLE = Pattern.compile("([A-Z]{2}-\\d{4}-\\d{6,9}): (.+)", Pattern.DOTALL);

	/** What was read: the incident, what was kept aside, how many parts the event had. */
	record Read(String eventUuid, int objectCount, ImportCandidate candidate, List<KeptAside> keptAside) {
	}

	Read read(JsonNode root) {
		JsonNode event = root.has("Event") ? root.get("Event") : root;
		String at = root.has("Event") ? "/Event" : "";
		if (!event.isObject()) {
			throw new ImportRefused(at.isEmpty() ? "/" : at, "not a MISP event object");
		}
		String uuid = event.path("uuid").asString("");
		if (!UUID.matcher(uuid).matches()) {
			throw new ImportRefused(at + "/uuid", "a MISP event needs its uuid");
		}
		String info = event.path("info").asString("").strip();
		if (info.isEmpty()) {
			throw new ImportRefused(at + "/info", "a MISP event needs its info (the title)");
		}
		List<String> warnings = new ArrayList<>();
		Tags tags = tags(event.path("Tag"), at + "/Tag", warnings);
		Matcher refAndTitle = REF_AND_TITLE.matcher(info);
		String ref = refAndTitle.matches() ? refAndTitle.group(1) : "";
		String title = refAndTitle.matches() ? refAndTitle.group(2) : info;
		List<IncidentFacts.Observable> observables = new ArrayList<>();
		List<KeptAside> kept = new ArrayList<>();
		JsonNode attributes = event.path("Attribute");
		if (!attributes.isMissingNode() && !attributes.isArray()) {
			throw new ImportRefused(at + "/Attribute", "must be a list of attributes");
		}
		Tlp raised = null;
		for (int i = 0; i < attributes.size(); i++) {
			String pointer = at + "/Attribute/" + i;
			JsonNode attribute = attributes.get(i);
			if (attribute(attribute, pointer, observables, kept)) {
				// what an incident takes from an attribute brings the attribute's own
				// marking and sharing limit with it: the most restrictive wins
				Tlp marked = strictest(tags(attribute.path("Tag"), pointer + "/Tag", new ArrayList<>()).tlp,
						floor(attribute.path("distribution"), pointer + "/distribution", warnings));
				if (marked != null && (raised == null || marked.ordinal() > raised.ordinal())) {
					raised = marked;
					warnings.add("attribute " + attribute.path("uuid").asString(pointer) + " is marked or limited to "
							+ marked.label() + ": the incident is at least " + marked.label());
				}
			}
		}
		JsonNode objects = event.path("Object");
		for (JsonNode object : objects) {
			kept.add(new KeptAside(object.path("uuid").asString(""), "object:" + object.path("name").asString("?"),
					"MISP objects are not imported; their attributes are kept here", object.toString()));
		}
		String severity = (tags.severity != null) ? tags.severity
				: switch (event.path("threat_level_id").asString("")) {
					case "1" -> Severity.HIGH.code();
					case "3" -> Severity.LOW.code();
					default -> Severity.MEDIUM.code();
				};
		Tlp tlp = tags.tlp;
		if (tlp == null) {
			tlp = Tlp.RED;
			warnings.add("event " + uuid + " has no tlp tag: filed as TLP:RED");
		}
		Tlp limited = floor(event.path("distribution"), at + "/distribution", warnings);
		if (limited != null && limited.ordinal() > tlp.ordinal()) {
			warnings.add("event " + uuid + " is tagged " + tlp.label() + " but its distribution limits it to "
					+ limited.label() + ": filed as " + limited.label());
			tlp = limited;
		}
		if (raised != null && raised.ordinal() > tlp.ordinal()) {
			tlp = raised;
		}
		Instant updated = Instant.ofEpochSecond(event.path("timestamp").asLong(0));
		String author = event.path("Orgc").path("name").asString(event.path("Org").path("name").asString(null));
		IncidentFacts facts = new IncidentFacts(uuid, ref, title, event.path("description").asString(null), updated,
				updated, tlp, (tags.pap != null) ? tags.pap : Pap.AMBER.code(),
				(tags.rsit != null) ? tags.rsit.rsitClass() : "other",
				(tags.rsit != null) ? tags.rsit.rsitType() : "undetermined", List.copyOf(tags.services), severity,
				(tags.safety != null) ? tags.safety : PatientSafetyImpact.NONE.code(),
				(tags.disruption != null) ? tags.disruption : CareDisruption.NONE.code(),
				List.copyOf(new LinkedHashSet<>(observables)));
		if (tags.rsit == null) {
			warnings.add("event " + uuid + " has no rsit tag: filed as rsit:other=\"undetermined\"");
		}
		return new Read(uuid, 1 + attributes.size() + objects.size(),
				new ImportCandidate("misp:" + uuid.toLowerCase(Locale.ROOT), author, facts, List.copyOf(warnings)),
				List.copyOf(kept));
	}

	/**
	 * The TLP a MISP distribution level allows at most, read as a floor: 3 (all
	 * communities) CLEAR, 2 (connected communities) GREEN, 1 (this community) AMBER, 0
	 * (this organisation only) AMBER+STRICT, 4 (a sharing group: named organisations)
	 * RED; 5 (inherit) and no distribution add nothing; anything else reads as RED, with
	 * a warning.
	 */
	private static @Nullable Tlp floor(JsonNode distribution, String pointer, List<String> warnings) {
		if (distribution.isMissingNode() || distribution.isNull()) {
			return null;
		}
		return switch (distribution.asString("")) {
			case "3" -> Tlp.CLEAR;
			case "2" -> Tlp.GREEN;
			case "1" -> Tlp.AMBER;
			case "0" -> Tlp.AMBER_STRICT;
			case "4" -> Tlp.RED;
			case "5" -> null;
			default -> {
				warnings.add(pointer + " '" + distribution.asString(distribution.toString())
						+ "' is not a MISP distribution level: read as TLP:RED");
				yield Tlp.RED;
			}
		};
	}

	/**
	 * @return whether the attribute gave observables
	 */
	private static boolean attribute(JsonNode attribute, String pointer, List<IncidentFacts.Observable> into,
			List<KeptAside> kept) {
		String type = attribute.path("type").asString("");
		String value = attribute.path("value").asString("").strip();
		if (type.isEmpty() || value.isEmpty()) {
			throw new ImportRefused(pointer, "an attribute needs a type and a value");
		}
		String[] parts = type.split("\\|");
		String[] values = value.split("\\|", -1);
		if (parts.length != values.length) {
			throw new ImportRefused(pointer + "/value", "a '" + type + "' value needs " + parts.length + " parts");
		}
		List<IncidentFacts.Observable> found = new ArrayList<>();
		for (int i = 0; i < parts.length; i++) {
			String observableType = observableType(parts[i], values[i]);
			if (observableType != null) {
				found.add(new IncidentFacts.Observable(observableType,
						observableType.equals("asn") && !values[i].toUpperCase(Locale.ROOT).startsWith("AS")
								? "AS" + values[i] : values[i]));
			}
			else if (!parts[i].equals("port")) {
				found.clear();
				break;
			}
		}
		if (found.isEmpty()) {
			kept.add(new KeptAside(attribute.path("uuid").asString(""), "attribute:" + type,
					"Caduceus has no observable type for MISP '" + type + "'", attribute.toString()));
			return false;
		}
		into.addAll(found);
		return true;
	}

	private static @Nullable String observableType(String mispType, String value) {
		return switch (mispType) {
			case "ip-dst", "ip-src", "ip" -> value.contains("/") ? "cidr" : (value.contains(":") ? "ipv6" : "ipv4");
			case "domain", "hostname" -> "domain";
			case "url", "uri" -> "url";
			case "email", "email-src", "email-dst" -> "email";
			case "sha256", "sha1", "md5", "filename" -> mispType;
			case "vulnerability" -> "cve";
			case "AS" -> "asn";
			default -> null;
		};
	}

	private static final class Tags {

		@Nullable Tlp tlp;

		@Nullable String pap;

		@Nullable RsitClassification rsit;

		final List<String> services = new ArrayList<>();

		@Nullable String severity;

		@Nullable String safety;

		@Nullable String disruption;

	}

	private static Tags tags(JsonNode list, String pointer, List<String> warnings) {
		Tags tags = new Tags();
		for (int i = 0; i < list.size(); i++) {
			String name = list.get(i).path("name").asString("").strip();
			MachineTag tag;
			try {
				tag = MachineTag.parse(name);
			}
			catch (InvalidTaxonomyValue ex) {
				if (name.toLowerCase(Locale.ROOT).startsWith("tlp")) {
					// a TLP tag this node cannot read fails closed
					warnings.add("tag '" + name + "' looks like a TLP tag but is not one: read as TLP:RED");
					tags.tlp = strictest(tags.tlp, Tlp.RED);
				}
				else {
					warnings.add("tag '" + name + "' is not a machine tag: not used");
				}
				continue;
			}
			String namespace = tag.namespace().toLowerCase(Locale.ROOT);
			String at = pointer + "/" + i;
			switch (namespace) {
				case "tlp" -> tags.tlp = strictest(tags.tlp, parse(at, name, Tlp::of));
				case "pap" -> tags.pap = parse(at, name, Pap::of).code();
				case "rsit" -> tags.rsit = parse(at, name, RsitClassification::parse);
				case "caduceus-health" -> {
					switch (tag.predicate()) {
						case "care-service" -> tags.services.add(parse(at, name, CareService::of).code());
						case "severity" -> tags.severity = parse(at, name, Severity::of).code();
						case "patient-safety-impact" -> tags.safety = parse(at, name, PatientSafetyImpact::of).code();
						case "care-disruption" -> tags.disruption = parse(at, name, CareDisruption::of).code();
						default -> warnings.add("tag '" + name + "' is not used");
					}
				}
				default -> warnings.add("tag '" + name + "' is not used");
			}
		}
		return tags;
	}

	private static @Nullable Tlp strictest(@Nullable Tlp current, @Nullable Tlp next) {
		if (next == null) {
			return current;
		}
		return (current == null || next.ordinal() > current.ordinal()) ? next : current;
	}

	private static <T> T parse(String pointer, String tag, Function<String, T> parser) {
		try {
			return parser.apply(tag);
		}
		catch (InvalidTaxonomyValue ex) {
			throw new ImportRefused(pointer, ex.getMessage());
		}
	}

}
