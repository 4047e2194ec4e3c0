package org.caduceus.intake.incident;

import java.util.List;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.incident.IncidentResponses.IncidentSummary;
import org.caduceus.intake.observable.Observable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/observables/{type}/{value}}: the incidents that share an observable,
 * newest first. The value is normalised first, so a defanged or differently written
 * indicator finds the same incidents. URLs may follow the type unencoded.
 */
@RestController
@RequestMapping("/api/v1/observables")
class ObservableLookupController {

	private final IncidentService incidents;

	private final IncidentWebMapper mapper;

	ObservableLookupController(IncidentService incidents, IncidentWebMapper mapper) {
		this.incidents = incidents;
		this.mapper = mapper;
	}

	record Sightings(String type, String value, List<IncidentSummary> incidents) {
	}

	/** {@code POST /api/v1/observables/parse}: a pasted block of indicators. */
	record Block(
			@jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Size(max = 200_000) String text) {
	}

	record ParsedBlock(List<org.caduceus.intake.observable.ObservableBlock.Line> lines, int valid, int invalid) {
	}

	/**
	 * Types and normalises a pasted block without saving anything, so that a client can
	 * show the analyst what will be stored and which lines are not indicators.
	 */
	@org.springframework.web.bind.annotation.PostMapping(path = "/parse",
			consumes = org.springframework.http.MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(Roles.WORKERS)
	Mono<ParsedBlock> parse(
			@jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody Block block) {
		List<org.caduceus.intake.observable.ObservableBlock.Line> lines = org.caduceus.intake.observable.ObservableBlock
			.parse(block.text());
		int valid = (int) lines.stream().filter((line) -> line.value() != null).count();
		return Mono.just(new ParsedBlock(lines, valid, lines.size() - valid));
	}

	/**
	 * {@code ?value=} is the safe form for URLs, whose {@code //} proxies may collapse in
	 * a path.
	 */
	@GetMapping("/{type}")
	@PreAuthorize(Roles.READERS)
	Mono<Sightings> lookupByParameter(@PathVariable String type, @RequestParam String value,
			@RequestParam(defaultValue = "100") int limit) {
		return lookup(Observable.of(type, value), limit);
	}

	@GetMapping("/{type}/{*value}")
	@PreAuthorize(Roles.READERS)
	Mono<Sightings> lookupByPath(@PathVariable String type, @PathVariable String value,
			@RequestParam(defaultValue = "100") int limit) {
		return lookup(ObservableParameters.fromPath(type, value), limit);
	}

	private Mono<Sightings> lookup(Observable observable, int limit) {
		if (limit < 1 || limit > IncidentQuery.MAX_LIMIT) {
			throw new InvalidIncident("limit", "must be between 1 and " + IncidentQuery.MAX_LIMIT);
		}
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.withObservable(observable, viewer, limit).collectList())
			.map((found) -> new Sightings(observable.type().code(), observable.value(),
					this.mapper.toSummaries(found)));
	}

}
