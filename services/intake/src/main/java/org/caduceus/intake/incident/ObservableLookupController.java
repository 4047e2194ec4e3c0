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
