package org.caduceus.intake.misp;

import java.time.ZoneOffset;
import java.util.List;

import org.caduceus.intake.incident.Incident;
import org.caduceus.intake.observable.Observable;
import org.caduceus.stix.StixIds;
import org.caduceus.taxonomy.RsitClassification;
import org.caduceus.taxonomy.Tlp;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An incident as a MISP event (MISP core format): the shared taxonomies as machine tags
 * ({@code rsit:…}, {@code tlp:…}, {@code caduceus-health:…}), each observable as an
 * attribute of the matching MISP type, and uuids derived from the incident so that a
 * re-import updates the same event rather than adding one.
 */
final class MispEvents {

	private final JsonMapper json = JsonMapper.builder().build();

	private final String nodeId;

	private final String teamName;

	MispEvents(String nodeId, String teamName) {
		this.nodeId = nodeId;
		this.teamName = teamName;
	}

	ObjectNode event(Incident incident) {
		ObjectNode root = this.json.createObjectNode();
		ObjectNode event = root.putObject("Event");
		event.put("uuid", uuid("event|" + this.nodeId + "|" + incident.getId()));
		event.put("info", incident.getRef() + ": " + incident.getTitle());
		if (!incident.getDescription().isEmpty()) {
			event.put("description", incident.getDescription());
		}
		event.put("date", incident.getCreatedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
		event.put("timestamp", String.valueOf(incident.getUpdatedAt().getEpochSecond()));
		event.put("threat_level_id", switch (incident.getSeverity()) {
			case CRITICAL, HIGH -> "1";
			case MEDIUM -> "2";
			case LOW -> "3";
		});
		event.put("analysis", switch (incident.getStatus()) {
			case NEW, TRIAGED -> "0";
			case IN_PROGRESS -> "1";
			default -> "2";
		});
		event.put("distribution", distribution(incident.getTlp()));
		event.put("published", false);
		event.putObject("Orgc").put("name", this.teamName);
		ArrayNode tags = event.putArray("Tag");
		tag(tags, incident.getTlp().machineTag().toString());
		tag(tags, incident.getPap().machineTag().toString());
		tag(tags,
				RsitClassification.of(incident.getClassification().rsitClass(), incident.getClassification().rsitType())
					.machineTag()
					.toString());
		incident.getClassification().careServices().forEach((service) -> tag(tags, service.machineTag().toString()));
		tag(tags, incident.getSeverity().machineTag().toString());
		tag(tags, incident.getPatientSafetyImpact().machineTag().toString());
		tag(tags, incident.getCareDisruption().machineTag().toString());
		ArrayNode attributes = event.putArray("Attribute");
		for (Observable observable : incident.getObservables()) {
			List<String> typeAndCategory = attribute(observable);
			ObjectNode attribute = attributes.addObject();
			attribute.put("uuid", uuid("attribute|" + this.nodeId + "|" + incident.getId() + "|"
					+ observable.type().code() + "|" + observable.value()));
			attribute.put("type", typeAndCategory.get(0));
			attribute.put("category", typeAndCategory.get(1));
			attribute.put("value", observable.value());
			attribute.put("to_ids", !typeAndCategory.get(0).equals("vulnerability"));
			attribute.put("distribution", "5");
		}
		return root;
	}

	/** MISP distribution from TLP: who may see the event on the receiving MISP. */
	static String distribution(Tlp tlp) {
		return switch (tlp) {
			case CLEAR -> "3";
			case GREEN -> "2";
			case AMBER -> "1";
			case AMBER_STRICT, RED -> "0";
		};
	}

	/** The MISP attribute type and category of an observable. */
	static List<String> attribute(Observable observable) {
		return switch (observable.type().code()) {
			case "ipv4", "ipv6", "cidr" -> List.of("ip-dst", "Network activity");
			case "domain" -> List.of("domain", "Network activity");
			case "url" -> List.of("url", "Network activity");
			case "email" -> List.of("email-src", "Payload delivery");
			case "sha256" -> List.of("sha256", "Payload delivery");
			case "sha1" -> List.of("sha1", "Payload delivery");
			case "md5" -> List.of("md5", "Payload delivery");
			case "filename" -> List.of("filename", "Payload delivery");
			case "cve" -> List.of("vulnerability", "External analysis");
			case "asn" -> List.of("AS", "Network activity");
			default -> throw new IllegalArgumentException("no MISP type for " + observable.type().code());
		};
	}

	private static void tag(ArrayNode tags, String name) {
		tags.addObject().put("name", name);
	}

	private static String uuid(String name) {
		return StixIds.uuid5(StixIds.CADUCEUS_NAMESPACE, name).toString();
	}

}
