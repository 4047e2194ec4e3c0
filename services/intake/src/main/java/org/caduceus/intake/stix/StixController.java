package org.caduceus.intake.stix;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.incident.Incident;
import org.caduceus.intake.incident.IncidentService;
import org.caduceus.intake.incident.Origin;
import org.caduceus.stix.IncidentExport;
import org.caduceus.stix.IncidentFacts;
import org.caduceus.taxonomy.CareService;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/incidents/{id}/stix}: the incident as a STIX 2.1 bundle, for the
 * readers of the incident (the same visibility rules: a TLP:RED incident is only for
 * those who may see it). Re-exporting the same incident gives the same ids. An incident
 * received from a partner names that partner as its origin in the Caduceus extension.
 */
@RestController
class StixController {

	static final MediaType STIX = MediaType.parseMediaType("application/stix+json;version=2.1");

	/**
	 * The origin of content from outside whose author is unknown: no partner's name
	 * (partner ids are lower-case letters, digits and hyphens), so it goes onward to
	 * nobody above TLP:GREEN.
	 */
	static final String UNATTRIBUTED = "(unattributed)";

	private final IncidentService incidents;

	private final IncidentExport export;

	StixController(IncidentService incidents, @Value("${caduceus.node.id}") String nodeId,
			@Value("${caduceus.node.team-name}") String teamName) {
		this.incidents = incidents;
		this.export = new IncidentExport(nodeId, teamName);
	}

	@GetMapping(path = "/api/v1/incidents/{id}/stix")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','AUDITOR')")
	Mono<ResponseEntity<String>> bundle(@PathVariable String id) {
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.get(id, viewer))
			.map((incident) -> ResponseEntity.ok()
				.contentType(STIX)
				.body(this.export.bundle(facts(incident), origin(incident)).toString()));
	}

	/**
	 * @return the partner an incident came from, carried in the export so that it keeps
	 * its provenance wherever it goes: the partner node of an escalation or the author of
	 * an import, {@link #UNATTRIBUTED} for an import without an author; null for an
	 * incident filed here
	 */
	static @Nullable String origin(Incident incident) {
		Origin origin = incident.getOrigin();
		if (origin.partnerNode() != null) {
			return origin.partnerNode();
		}
		return (origin.externalId() != null || origin.escalationId() != null) ? UNATTRIBUTED : null;
	}

	static IncidentFacts facts(Incident incident) {
		return new IncidentFacts(incident.getId(), incident.getRef(), incident.getTitle(), incident.getDescription(),
				incident.getCreatedAt(), incident.getUpdatedAt(), incident.getTlp(), incident.getPap().code(),
				incident.getClassification().rsitClass(), incident.getClassification().rsitType(),
				incident.getClassification().careServices().stream().map(CareService::code).toList(),
				incident.getSeverity().code(), incident.getPatientSafetyImpact().code(),
				incident.getCareDisruption().code(),
				incident.getObservables()
					.stream()
					.map((observable) -> new IncidentFacts.Observable(observable.type().code(), observable.value()))
					.toList());
	}

}
