package org.caduceus.intake.stix;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.imports.ImportBody;
import org.caduceus.intake.imports.ImportCandidate;
import org.caduceus.intake.imports.ImportReport;
import org.caduceus.intake.imports.ImportService;
import org.caduceus.intake.imports.KeptAside;
import org.caduceus.stix.StixImport;
import org.caduceus.stix.StixObjects;
import org.caduceus.stix.StixSchemas;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/stix/bundles}: a partner's STIX 2.1 bundle (or a TAXII envelope)
 * creates or updates incidents. The whole bundle is checked (schemas, spec_version,
 * patterns, sizes, then intake's own rules) before anything is written; the answer is the
 * import report, with what was kept aside.
 */
@RestController
class StixImportController {

	private final ImportBody body;

	private final ImportService imports;

	private final StixImport reader;

	StixImportController(ImportBody body, ImportService imports,
			@Value("${caduceus.imports.max-object-bytes:131072}") int maxObjectBytes,
			@Value("${caduceus.imports.max-objects:50000}") int maxObjects) {
		this.body = body;
		this.imports = imports;
		this.reader = new StixImport(new StixObjects(new StixSchemas(), maxObjectBytes), maxObjects);
	}

	/**
	 * A TAXII envelope (what a partner's TAXII server returns: {@code objects}, no
	 * {@code type}) is read as a bundle of the same objects, so a page pulled from a
	 * partner imports as it is.
	 */
	static JsonNode bundleOf(JsonNode body) {
		if (body.isObject() && !body.has("type") && body.path("objects").isArray()) {
			ObjectNode bundle = ((ObjectNode) body).objectNode();
			bundle.put("type", "bundle");
			bundle.put("id", "bundle--" + UUID.nameUUIDFromBytes(body.toString().getBytes(StandardCharsets.UTF_8)));
			bundle.set("objects", body.get("objects"));
			return bundle;
		}
		return body;
	}

	@PostMapping(path = "/api/v1/stix/bundles",
			consumes = { "application/stix+json", "application/json", "application/taxii+json" })
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR')")
	Mono<ResponseEntity<ImportReport>> importBundle(ServerWebExchange exchange) {
		return Viewer.current().zipWith(this.body.read(exchange)).flatMap((request) -> {
			StixImport.Contents contents = this.reader.read(bundleOf(request.getT2()));
			List<ImportCandidate> candidates = contents.incidents()
				.stream()
				.map((incident) -> new ImportCandidate(incident.stixId(), incident.source(), incident.facts(),
						incident.warnings()))
				.toList();
			List<KeptAside> kept = contents.keptAside()
				.stream()
				.map((object) -> new KeptAside(object.id(), object.type(), object.reason(), object.object().toString()))
				.toList();
			return this.imports.run("stix", contents.bundleId(), contents.objectCount(), candidates, kept,
					request.getT1());
		})
			.map((report) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(java.net.URI.create("/api/v1/imports/" + report.id()))
				.body(report));
	}

}
