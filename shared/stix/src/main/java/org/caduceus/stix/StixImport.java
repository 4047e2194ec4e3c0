package org.caduceus.stix;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.InvalidTaxonomyValue;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.RsitClassification;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a partner's STIX 2.1 bundle into incidents, the reverse of
 * {@link IncidentExport}. Every object is checked first ({@link StixObjects}); one bad
 * object refuses the whole bundle. Then each {@code incident} becomes {@link Imported}
 * facts: the Caduceus extension gives its classification, its TLP marking its TLP, and
 * the SCOs, vulnerabilities and single-observable indicators related to it its
 * observables. What has no place in an incident is {@link KeptAside kept aside}, each
 * with the reason.
 */
public final class StixImport {

	private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

	private static final Set<String> CONSUMED_QUIETLY = Set.of("marking-definition", "extension-definition",
			"identity");

	private final StixObjects objects;

	private final int maxObjects;

	/**
	 * @param objects the per-object checks
	 * @param maxObjects the most objects one bundle may hold
	 */
	public StixImport(StixObjects objects, int maxObjects) {
		this.objects = objects;
		this.maxObjects = maxObjects;
	}

	/**
	 * An incident read from a bundle.
	 *
	 * @param stixId its STIX id (the same on every re-export by its author)
	 * @param source the name of the identity that created it, or null
	 * @param facts what it says, with {@code stixId} as id and the author's reference (or
	 * empty) as ref
	 * @param warnings what was assumed because the bundle did not say it
	 */
	public record Imported(String stixId, @Nullable String source, IncidentFacts facts, List<String> warnings) {
	}

	/**
	 * An object of the bundle that no incident took.
	 *
	 * @param id its id
	 * @param type its type
	 * @param reason why it was not imported
	 * @param object the object itself
	 */
	public record KeptAside(String id, String type, String reason, JsonNode object) {
	}

	/**
	 * What a bundle holds.
	 *
	 * @param bundleId the bundle's id
	 * @param objectCount how many objects it held
	 * @param incidents the incidents in it
	 * @param keptAside the objects no incident took
	 */
	public record Contents(String bundleId, int objectCount, List<Imported> incidents, List<KeptAside> keptAside) {
	}

	/**
	 * @param bundle a STIX 2.1 bundle
	 * @return what it holds
	 * @throws InvalidStix when the bundle or any object in it is refused
	 */
	public Contents read(JsonNode bundle) {
		if (!bundle.isObject() || !"bundle".equals(bundle.path("type").asString(""))) {
			throw new InvalidStix("/type", "not a STIX bundle (\"type\": \"bundle\")");
		}
		String bundleId = bundle.path("id").asString("");
		if (!bundleId.matches("bundle--[0-9a-fA-F-]{36}")) {
			throw new InvalidStix("/id", "'" + bundleId + "' is not a bundle id");
		}
		if (bundle.has("spec_version")) {
			// STIX 2.0 bundles carry a spec_version; 2.1 bundles do not
			throw new InvalidStix("/spec_version", "'" + bundle.get("spec_version").asString("")
					+ "' is a STIX 2.0 bundle; only STIX 2.1 is accepted");
		}
		JsonNode list = bundle.path("objects");
		if (!list.isArray() || list.isEmpty()) {
			throw new InvalidStix("/objects", "a bundle needs a non-empty list of objects");
		}
		if (list.size() > this.maxObjects) {
			throw new InvalidStix("/objects",
					list.size() + " objects is over the limit of " + this.maxObjects + " per bundle");
		}
		Map<String, JsonNode> byId = new LinkedHashMap<>();
		for (int i = 0; i < list.size(); i++) {
			JsonNode object = list.get(i);
			this.objects.check(object, "/objects/" + i);
			byId.putIfAbsent(object.get("id").asString(), object);
		}
		return new Reading(bundleId, list.size(), byId).read();
	}

	private static final class Reading {

		private final String bundleId;

		private final int count;

		private final Map<String, JsonNode> byId;

		private final Map<String, Set<String>> related = new HashMap<>();

		private final Set<String> used = new HashSet<>();

		private final Map<String, String> keptReason = new LinkedHashMap<>();

		private final Markings markings;

		private final List<JsonNode> relationships = new ArrayList<>();

		Reading(String bundleId, int count, Map<String, JsonNode> byId) {
			this.bundleId = bundleId;
			this.count = count;
			this.byId = byId;
			Map<String, JsonNode> definitions = new HashMap<>();
			for (JsonNode object : byId.values()) {
				if (object.get("type").asString().equals("marking-definition")) {
					definitions.put(object.get("id").asString(), object);
				}
			}
			this.markings = new Markings(definitions);
			for (JsonNode object : byId.values()) {
				if (object.get("type").asString().equals("relationship")) {
					String source = object.path("source_ref").asString();
					String target = object.path("target_ref").asString();
					this.related.computeIfAbsent(source, (k) -> new LinkedHashSet<>()).add(target);
					this.related.computeIfAbsent(target, (k) -> new LinkedHashSet<>()).add(source);
					this.relationships.add(object);
				}
			}
		}

		Contents read() {
			List<Imported> incidents = new ArrayList<>();
			int index = 0;
			for (JsonNode object : this.byId.values()) {
				if (object.get("type").asString().equals("incident")) {
					incidents.add(incident(object, index));
				}
				index++;
			}
			List<KeptAside> kept = new ArrayList<>();
			for (JsonNode object : this.byId.values()) {
				String id = object.get("id").asString();
				String type = object.get("type").asString();
				if (this.used.contains(id) || CONSUMED_QUIETLY.contains(type)) {
					continue;
				}
				if (type.equals("relationship") && this.used.contains(object.path("source_ref").asString())
						&& this.used.contains(object.path("target_ref").asString())) {
					continue;
				}
				String reason = this.keptReason.getOrDefault(id, switch (type) {
					case "relationship" -> "relates objects that were not both imported";
					case "indicator", "vulnerability" -> "not related to an incident in the bundle";
					default -> StixObjects.observableType(type) ? "not related to an incident in the bundle"
							: "no Caduceus mapping for STIX type '" + type + "'";
				});
				kept.add(new KeptAside(id, type, reason, object));
			}
			return new Contents(this.bundleId, this.count, List.copyOf(incidents), List.copyOf(kept));
		}

		private Imported incident(JsonNode sdo, int index) {
			String pointer = "/objects/" + index;
			String id = sdo.get("id").asString();
			this.used.add(id);
			List<String> warnings = new ArrayList<>();
			Markings.Read marked = this.markings.read(sdo);
			warnings.addAll(marked.warnings());
			Tlp tlp = marked.tlp();
			if (tlp == null) {
				tlp = Tlp.RED;
				warnings.add(id + " carries no TLP marking: filed as TLP:RED");
			}
			JsonNode extension = sdo.path("extensions").path(IncidentExport.extensionId());
			String pap = Pap.AMBER.code();
			String rsitClass = "other";
			String rsitType = "undetermined";
			List<String> services = List.of();
			String severity = "medium";
			String safety = "none";
			String disruption = "none";
			if (extension.isObject()) {
				String at = pointer + "/extensions/" + IncidentExport.extensionId();
				pap = taxonomy(at + "/pap", () -> Pap.of(text(extension, "pap", Pap.AMBER.code())).code());
				rsitClass = text(extension, "rsit_class", rsitClass);
				rsitType = text(extension, "rsit_type", rsitType);
				String rc = rsitClass;
				String rt = rsitType;
				taxonomy(at + "/rsit_type", () -> RsitClassification.of(rc, rt));
				List<String> codes = new ArrayList<>();
				for (JsonNode service : extension.path("care_services")) {
					codes.add(taxonomy(at + "/care_services", () -> CareService.of(service.asString("")).code()));
				}
				services = List.copyOf(codes);
				severity = taxonomy(at + "/severity", () -> Severity.of(text(extension, "severity", "medium")).code());
				safety = taxonomy(at + "/patient_safety_impact",
						() -> PatientSafetyImpact.of(text(extension, "patient_safety_impact", "none")).code());
				disruption = taxonomy(at + "/care_disruption",
						() -> CareDisruption.of(text(extension, "care_disruption", "none")).code());
			}
			else {
				warnings.add(id + " has no Caduceus extension: filed as rsit:other=\"undetermined\", severity medium,"
						+ " PAP amber, no patient-safety impact or care disruption");
			}
			String ref = "";
			for (JsonNode reference : sdo.path("external_references")) {
				if ("caduceus".equals(reference.path("source_name").asString(""))) {
					ref = reference.path("external_id").asString("");
				}
			}
			String source = null;
			JsonNode author = this.byId.get(sdo.path("created_by_ref").asString(""));
			if (author != null) {
				source = author.path("name").asString(null);
			}
			Instant created = Instant.parse(sdo.get("created").asString());
			Instant modified = Instant.parse(sdo.get("modified").asString());
			List<IncidentFacts.Observable> observables = new ArrayList<>();
			Set<String> taken = new LinkedHashSet<>();
			taken.add(id);
			for (String relatedId : this.related.getOrDefault(id, Set.of())) {
				JsonNode other = this.byId.get(relatedId);
				if (other != null) {
					collect(other, observables, 0, taken);
				}
			}
			tlp = strictestOfWhatWasTaken(tlp, taken, warnings);
			String description = sdo.has("description") ? sdo.get("description").asString() : null;
			IncidentFacts facts = new IncidentFacts(id, ref, sdo.path("name").asString(), description, created,
					modified, tlp, pap, rsitClass, rsitType, services, severity, safety, disruption,
					List.copyOf(new LinkedHashSet<>(observables)));
			return new Imported(id, source, facts, List.copyOf(warnings));
		}

		/**
		 * Adds what {@code object} says as observables; an indicator also via its
		 * targets.
		 */
		private void collect(JsonNode object, List<IncidentFacts.Observable> into, int depth, Set<String> taken) {
			String id = object.get("id").asString();
			String type = object.get("type").asString();
			List<IncidentFacts.Observable> found = new ArrayList<>();
			switch (type) {
				case "ipv4-addr", "ipv6-addr" -> {
					String value = object.path("value").asString("");
					String kind = type.equals("ipv4-addr") ? "ipv4" : "ipv6";
					found.add(new IncidentFacts.Observable(value.contains("/") ? "cidr" : kind, value));
				}
				case "domain-name" ->
					found.add(new IncidentFacts.Observable("domain", object.path("value").asString()));
				case "url" -> found.add(new IncidentFacts.Observable("url", object.path("value").asString()));
				case "email-addr" -> found.add(new IncidentFacts.Observable("email", object.path("value").asString()));
				case "autonomous-system" ->
					found.add(new IncidentFacts.Observable("asn", "AS" + object.path("number").asLong()));
				case "file" -> {
					JsonNode hashes = object.path("hashes");
					hash(hashes, "SHA-256", "sha256", found);
					hash(hashes, "SHA-1", "sha1", found);
					hash(hashes, "MD5", "md5", found);
					if (object.has("name")) {
						found.add(new IncidentFacts.Observable("filename", object.get("name").asString()));
					}
				}
				case "vulnerability" -> {
					String name = object.path("name").asString("");
					for (JsonNode reference : object.path("external_references")) {
						if ("cve".equals(reference.path("source_name").asString(""))) {
							name = reference.path("external_id").asString(name);
						}
					}
					if (CVE.matcher(name).matches()) {
						found.add(new IncidentFacts.Observable("cve", name));
					}
					else {
						this.keptReason.put(id, "a vulnerability without a CVE id");
					}
				}
				case "indicator" -> {
					if (depth == 0) {
						for (String target : this.related.getOrDefault(id, Set.of())) {
							JsonNode other = this.byId.get(target);
							if (other != null && !other.get("type").asString().equals("incident")) {
								collect(other, into, depth + 1, taken);
							}
						}
					}
					IncidentFacts.Observable fromPattern = fromPattern(object);
					if (fromPattern != null) {
						found.add(fromPattern);
					}
					else {
						this.keptReason.put(id, "its pattern is not one observable");
					}
				}
				default -> {
					if (StixObjects.observableType(type)) {
						this.keptReason.put(id, "Caduceus has no observable type for STIX '" + type + "'");
					}
				}
			}
			if (!found.isEmpty()) {
				this.used.add(id);
				taken.add(id);
				into.addAll(found);
			}
		}

		/**
		 * The incident's TLP raised to the most restrictive marking among what it took
		 * from the bundle (the objects its observables come from, and the relationships
		 * that tied them to it): content marked RED does not become readable as part of a
		 * GREEN incident.
		 */
		private Tlp strictestOfWhatWasTaken(Tlp tlp, Set<String> taken, List<String> warnings) {
			List<JsonNode> sources = new ArrayList<>();
			for (String id : taken) {
				sources.add(this.byId.get(id));
			}
			for (JsonNode relationship : this.relationships) {
				if (taken.contains(relationship.path("source_ref").asString(""))
						&& taken.contains(relationship.path("target_ref").asString(""))) {
					sources.add(relationship);
				}
			}
			Tlp most = tlp;
			String incident = taken.iterator().next();
			for (JsonNode source : sources.subList(1, sources.size())) {
				Markings.Read marked = this.markings.read(source);
				warnings.addAll(marked.warnings());
				if (marked.tlp() != null && marked.tlp().ordinal() > most.ordinal()) {
					warnings.add(incident + " takes content from " + source.path("id").asString("") + ", marked "
							+ marked.tlp().label() + ": filed as " + marked.tlp().label());
					most = marked.tlp();
				}
			}
			return most;
		}

		private static void hash(JsonNode hashes, String name, String type, List<IncidentFacts.Observable> into) {
			if (hashes.has(name)) {
				into.add(new IncidentFacts.Observable(type, hashes.get(name).asString()));
			}
		}

		private static IncidentFacts.@Nullable Observable fromPattern(JsonNode indicator) {
			if (!"stix".equals(indicator.path("pattern_type").asString(""))) {
				return null;
			}
			StixPattern.Comparison only = StixPattern.parse(indicator.path("pattern").asString()).single();
			if (only == null) {
				return null;
			}
			boolean subset = only.operator().equals("ISSUBSET");
			String key = only.objectType() + ":" + only.path();
			String type = switch (key) {
				case "ipv4-addr:value" -> subset ? "cidr" : "ipv4";
				case "ipv6-addr:value" -> subset ? "cidr" : "ipv6";
				case "domain-name:value" -> subset ? null : "domain";
				case "url:value" -> subset ? null : "url";
				case "email-addr:value" -> subset ? null : "email";
				case "file:hashes.'SHA-256'", "file:hashes.SHA256" -> subset ? null : "sha256";
				case "file:hashes.'SHA-1'", "file:hashes.SHA1" -> subset ? null : "sha1";
				case "file:hashes.MD5", "file:hashes.'MD5'" -> subset ? null : "md5";
				case "file:name" -> subset ? null : "filename";
				case "autonomous-system:number" -> subset ? null : "asn";
				default -> null;
			};
			if (type == null) {
				return null;
			}
			return new IncidentFacts.Observable(type, type.equals("asn") ? "AS" + only.value() : only.value());
		}

		private static String text(JsonNode node, String field, String fallback) {
			return node.path(field).asString(fallback);
		}

		private static <T> T taxonomy(String pointer, java.util.function.Supplier<T> parse) {
			try {
				return parse.get();
			}
			catch (InvalidTaxonomyValue ex) {
				throw new InvalidStix(pointer, ex.getMessage());
			}
		}

	}

}
