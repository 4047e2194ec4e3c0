package org.caduceus.intake.taxonomy;

import java.util.List;

import org.caduceus.taxonomy.Taxonomy;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/taxonomy}: the taxonomy this node classifies with, so that clients
 * build their pick lists from the same values the server accepts.
 */
@RestController
@RequestMapping("/api/v1/taxonomy")
class TaxonomyController {

	@GetMapping
	Mono<ResponseEntity<TaxonomyResponse>> taxonomy(ServerWebExchange exchange) {
		Taxonomy taxonomy = Taxonomy.current();
		if (exchange.checkNotModified(taxonomy.version())) {
			return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(taxonomy.version()).build());
		}
		return Mono.just(ResponseEntity.ok()
			.eTag(taxonomy.version())
			.cacheControl(CacheControl.noCache())
			.body(new TaxonomyResponse(taxonomy.version(), taxonomy.namespaces())));
	}

	record TaxonomyResponse(String version, List<Taxonomy.Namespace> namespaces) {
	}

}
