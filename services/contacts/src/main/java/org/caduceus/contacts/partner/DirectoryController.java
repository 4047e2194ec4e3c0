package org.caduceus.contacts.partner;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/contacts/directory?country=&sector=}: the public parts of this
 * node's card and of every card a partner sent, searchable by country and sector.
 */
@RestController
class DirectoryController {

	private final Directory directory;

	DirectoryController(Directory directory) {
		this.directory = directory;
	}

	@GetMapping("/api/v1/contacts/directory")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN','AUDITOR')")
	Mono<List<Directory.Entry>> directory(@RequestParam(required = false) @Nullable String country,
			@RequestParam(required = false) @Nullable String sector) {
		return this.directory.search(country, sector);
	}

}
