package org.caduceus.stix;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An incident as a STIX 2.1 bundle: the node as an {@code identity}, the Caduceus
 * property extension ({@code extension-definition}) carrying the RSIT and health
 * classification, the {@code incident} marked with its official TLP 2.0 marking, each
 * observable as an SCO (or a {@code vulnerability} for a CVE) with an {@code indicator}
 * whose pattern matches it, and {@code relationship}s between them. Every id is derived
 * from what it stands for, so exporting the same incident again yields the same ids.
 */
public final class IncidentExport {

	/** The version of the Caduceus extension's properties. */
	public static final String EXTENSION_VERSION = "1.0.0";

	/**
	 * The Caduceus extension's property naming the partner (its node id) that content
	 * received from outside came from; absent on what this node filed itself.
	 */
	public static final String ORIGIN_PROPERTY = "origin_partner";

	private static final DateTimeFormatter STIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final JsonMapper json;

	private final String nodeId;

	private final String teamName;

	/**
	 * @param nodeId the exporting node's id
	 * @param teamName the team that runs it
	 */
	public IncidentExport(String nodeId, String teamName) {
		this.json = JsonMapper.builder().build();
		this.nodeId = nodeId;
		this.teamName = teamName;
	}

	/**
	 * @return the id of the Caduceus property extension (the same on every node)
	 */
	public static String extensionId() {
		return StixIds.of("extension-definition", StixIds.CADUCEUS_NAMESPACE, "caduceus-health-incident");
	}

	/**
	 * @return the bundle of {@code incident}, filed on this node
	 */
	public ObjectNode bundle(IncidentFacts incident) {
		return bundle(incident, null);
	}

	/**
	 * @param incident the incident
	 * @param origin the partner it came from (for an escalation, its node id; for an
	 * import, its author), or null when this node filed it
	 * @return the bundle of {@code incident}; when it came from a partner, every marked
	 * object names that partner in the Caduceus extension ({@link #ORIGIN_PROPERTY}), so
	 * that wherever the bundle goes its provenance goes with it and a TAXII server can
	 * refuse to pass it on to anyone else
	 */
	public ObjectNode bundle(IncidentFacts incident, @Nullable String origin) {
		List<ObjectNode> objects = new ArrayList<>();
		ObjectNode identity = identity();
		objects.add(identity);
		objects.add(extensionDefinition(identity.get("id").asString()));
		objects.add(TlpMarkings.definition(incident.tlp(), this.json));
		ObjectNode sdo = incident(incident, identity.get("id").asString());
		objects.add(sdo);
		String marking = TlpMarkings.id(incident.tlp());
		for (IncidentFacts.Observable observable : incident.observables()) {
			ObjectNode target = observable(observable, marking, incident);
			objects.add(target);
			objects.add(relationship("related-to", sdo, target, marking, incident));
			String pattern = Patterns.of(observable);
			if (pattern != null) {
				ObjectNode indicator = indicator(pattern, marking, incident);
				objects.add(indicator);
				objects.add(relationship("based-on", indicator, target, marking, incident));
				objects.add(relationship("related-to", sdo, indicator, marking, incident));
			}
		}
		ObjectNode bundle = this.json.createObjectNode();
		bundle.put("type", "bundle");
		bundle.put("id", StixIds.of("bundle", StixIds.CADUCEUS_NAMESPACE,
				this.nodeId + "|" + incident.id() + "|" + time(incident.updatedAt())));
		ArrayNode array = bundle.putArray("objects");
		objects.forEach(array::add);
		if (origin != null) {
			for (ObjectNode object : objects) {
				if (object.has("object_marking_refs")) {
					ObjectNode extensions = (object.get("extensions") instanceof ObjectNode given) ? given
							: object.putObject("extensions");
					ObjectNode extension = (extensions.get(extensionId()) instanceof ObjectNode given) ? given
							: extensions.putObject(extensionId());
					extension.put("extension_type", "property-extension");
					extension.put(ORIGIN_PROPERTY, origin);
				}
			}
		}
		return bundle;
	}

	/**
	 * @return the partner that {@code object} names as its origin in the Caduceus
	 * extension, or null when it names none
	 */
	public static @Nullable String origin(tools.jackson.databind.JsonNode object) {
		tools.jackson.databind.JsonNode origin = object.path("extensions").path(extensionId()).path(ORIGIN_PROPERTY);
		return origin.isString() ? origin.asString() : null;
	}

	private ObjectNode identity() {
		ObjectNode identity = object("identity", StixIds.of("identity", StixIds.CADUCEUS_NAMESPACE, this.nodeId),
				Instant.EPOCH, Instant.EPOCH);
		identity.put("name", this.teamName);
		identity.put("identity_class", "organization");
		identity.putArray("sectors").add("healthcare");
		return identity;
	}

	private ObjectNode extensionDefinition(String createdBy) {
		ObjectNode extension = object("extension-definition", extensionId(), Instant.EPOCH, Instant.EPOCH);
		extension.put("created_by_ref", createdBy);
		extension.put("name", "Caduceus health incident classification");
		extension.put("description", "PAP, RSIT class and type, affected care services, severity, patient-safety impact"
				+ " and care disruption of a health-sector incident");
		extension.put("schema", "https://github.com/caduceus-csirt/caduceus/blob/main/docs/stix-extension.md");
		extension.put("version", EXTENSION_VERSION);
		extension.putArray("extension_types").add("property-extension");
		return extension;
	}

	private ObjectNode incident(IncidentFacts incident, String createdBy) {
		ObjectNode sdo = object("incident",
				StixIds.of("incident", StixIds.CADUCEUS_NAMESPACE, this.nodeId + "|" + incident.id()),
				incident.createdAt(), incident.updatedAt());
		sdo.put("created_by_ref", createdBy);
		sdo.put("name", incident.title());
		if (incident.description() != null && !incident.description().isBlank()) {
			sdo.put("description", incident.description());
		}
		sdo.putArray("object_marking_refs").add(TlpMarkings.id(incident.tlp()));
		ObjectNode reference = sdo.putArray("external_references").addObject();
		reference.put("source_name", "caduceus");
		reference.put("external_id", incident.ref());
		ObjectNode extension = sdo.putObject("extensions").putObject(extensionId());
		extension.put("extension_type", "property-extension");
		extension.put("pap", incident.pap());
		extension.put("rsit_class", incident.rsitClass());
		extension.put("rsit_type", incident.rsitType());
		if (!incident.careServices().isEmpty()) {
			// STIX lists must not be empty (2.1 section 3.7); no care services: no
			// property
			ArrayNode services = extension.putArray("care_services");
			incident.careServices().forEach(services::add);
		}
		extension.put("severity", incident.severity());
		extension.put("patient_safety_impact", incident.patientSafetyImpact());
		extension.put("care_disruption", incident.careDisruption());
		return sdo;
	}

	private ObjectNode observable(IncidentFacts.Observable observable, String marking, IncidentFacts incident) {
		if (observable.type().equals("cve")) {
			ObjectNode vulnerability = object("vulnerability",
					StixIds.of("vulnerability", StixIds.CADUCEUS_NAMESPACE, observable.value()), incident.createdAt(),
					incident.createdAt());
			vulnerability.put("name", observable.value());
			ObjectNode reference = vulnerability.putArray("external_references").addObject();
			reference.put("source_name", "cve");
			reference.put("external_id", observable.value());
			vulnerability.putArray("object_marking_refs").add(marking);
			return vulnerability;
		}
		ObjectNode contributing = this.json.createObjectNode();
		String type = switch (observable.type()) {
			case "ipv4" -> "ipv4-addr";
			case "ipv6" -> "ipv6-addr";
			case "cidr" -> observable.value().contains(":") ? "ipv6-addr" : "ipv4-addr";
			case "domain" -> "domain-name";
			case "url" -> "url";
			case "email" -> "email-addr";
			case "sha256", "sha1", "md5", "filename" -> "file";
			case "asn" -> "autonomous-system";
			default -> throw new IllegalArgumentException("no STIX type for observable type " + observable.type());
		};
		switch (observable.type()) {
			case "sha256" -> contributing.putObject("hashes").put("SHA-256", observable.value());
			case "sha1" -> contributing.putObject("hashes").put("SHA-1", observable.value());
			case "md5" -> contributing.putObject("hashes").put("MD5", observable.value());
			case "filename" -> contributing.put("name", observable.value());
			case "asn" -> contributing.put("number", Long.parseLong(observable.value().substring(2)));
			default -> contributing.put("value", observable.value());
		}
		// STIX 2.1 3.2: SCO ids are UUIDv5 of the canonical JSON of their id-contributing
		// properties
		ObjectNode sco = this.json.createObjectNode();
		sco.put("type", type);
		sco.put("spec_version", "2.1");
		sco.put("id", StixIds.of(type, StixIds.SCO_NAMESPACE, this.json.writeValueAsString(contributing)));
		sco.setAll(contributing);
		sco.putArray("object_marking_refs").add(marking);
		return sco;
	}

	private ObjectNode indicator(String pattern, String marking, IncidentFacts incident) {
		ObjectNode indicator = object("indicator", StixIds.of("indicator", StixIds.CADUCEUS_NAMESPACE, pattern),
				incident.createdAt(), incident.updatedAt());
		indicator.put("pattern", pattern);
		indicator.put("pattern_type", "stix");
		indicator.put("valid_from", time(incident.createdAt()));
		indicator.putArray("indicator_types").add("malicious-activity");
		indicator.putArray("object_marking_refs").add(marking);
		return indicator;
	}

	private ObjectNode relationship(String type, ObjectNode source, ObjectNode target, String marking,
			IncidentFacts incident) {
		String sourceId = source.get("id").asString();
		String targetId = target.get("id").asString();
		ObjectNode relationship = object("relationship",
				StixIds.of("relationship", StixIds.CADUCEUS_NAMESPACE, sourceId + "|" + type + "|" + targetId),
				incident.createdAt(), incident.updatedAt());
		relationship.put("relationship_type", type);
		relationship.put("source_ref", sourceId);
		relationship.put("target_ref", targetId);
		relationship.putArray("object_marking_refs").add(marking);
		return relationship;
	}

	private ObjectNode object(String type, String id, Instant created, Instant modified) {
		ObjectNode object = this.json.createObjectNode();
		object.put("type", type);
		object.put("spec_version", "2.1");
		object.put("id", id);
		object.put("created", time(created));
		object.put("modified", time(modified.isBefore(created) ? created : modified));
		return object;
	}

	static String time(Instant instant) {
		return STIX_TIME.format(instant.truncatedTo(ChronoUnit.MILLIS));
	}

}
