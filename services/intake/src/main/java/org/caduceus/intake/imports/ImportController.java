package org.caduceus.intake.imports;

import org.caduceus.intake.access.Viewer;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/imports/{id}}: the report of an import, with the objects kept aside,
 * for the analyst who imported it and for coordinators; a 404 for anyone else, as for a
 * report that does not exist.
 */
@RestController
class ImportController {

	private final ImportService imports;

	ImportController(ImportService imports) {
		this.imports = imports;
	}

	@GetMapping("/api/v1/imports/{id}")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR')")
	Mono<ImportReport> report(@PathVariable String id) {
		return Viewer.current()
			.flatMap((viewer) -> this.imports.report(id, viewer))
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
					"no import " + id)));
	}

}
