package org.caduceus.intake.misp;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.incident.IncidentService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/incidents/{id}/misp}: the incident as a MISP event, for the readers
 * of the incident (the same visibility rules as reading it).
 */
@RestController
class MispController {

	private final IncidentService incidents;

	private final MispEvents events;

	MispController(IncidentService incidents, @Value("${caduceus.node.id}") String nodeId) {
		this.incidents = incidents;
		this.events = new MispEvents(nodeId);
	}

	@GetMapping(path = "/api/v1/incidents/{id}/misp")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','AUDITOR')")
	Mono<ResponseEntity<String>> event(@PathVariable String id) {
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.get(id, viewer))
			.map((incident) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.events.event(incident).toString()));
	}

}
