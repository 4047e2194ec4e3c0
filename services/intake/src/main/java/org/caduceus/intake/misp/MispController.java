package org.caduceus.intake.misp;

import java.util.List;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.imports.ImportBody;
import org.caduceus.intake.imports.ImportReport;
import org.caduceus.intake.imports.ImportService;
import org.caduceus.intake.incident.IncidentService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * MISP interop. {@code GET /api/v1/incidents/{id}/misp}: the incident as a MISP event,
 * for the readers of the incident (the same visibility rules as reading it).
 * {@code POST /api/v1/misp/events}: a partner's MISP event creates (or, imported again,
 * updates) an incident; the answer is the import report.
 */
@RestController
class MispController {

	private final IncidentService incidents;

	private final MispEvents events;

	private final MispImport reader = new MispImport();

	private final ImportBody body;

	private final ImportService imports;

	MispController(IncidentService incidents, ImportBody body, ImportService imports,
			@Value("${caduceus.node.id}") String nodeId, @Value("${caduceus.node.team-name}") String teamName) {
		this.incidents = incidents;
		this.body = body;
		this.imports = imports;
		this.events = new MispEvents(nodeId, teamName);
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

	@PostMapping(path = "/api/v1/misp/events", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR')")
	Mono<ResponseEntity<ImportReport>> importEvent(ServerWebExchange exchange) {
		return Viewer.current().zipWith(this.body.read(exchange)).flatMap((request) -> {
			MispImport.Read read = this.reader.read(request.getT2());
			return this.imports.run("misp", read.eventUuid(), read.objectCount(), List.of(read.candidate()),
					read.keptAside(), request.getT1());
		})
			.map((report) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(java.net.URI.create("/api/v1/imports/" + report.id()))
				.body(report));
	}

}
