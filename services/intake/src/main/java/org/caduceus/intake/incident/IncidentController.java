package org.caduceus.intake.incident;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.validation.Valid;
import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.incident.IncidentResponses.HistoryView;
import org.caduceus.intake.incident.IncidentResponses.IncidentView;
import org.caduceus.intake.incident.IncidentResponses.NoteView;
import org.caduceus.intake.incident.IncidentResponses.Page;
import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The incident API: {@code /api/v1/incidents}. */
@RestController
@RequestMapping("/api/v1/incidents")
class IncidentController {

	private final IncidentService incidents;

	private final IncidentWebMapper mapper;

	IncidentController(IncidentService incidents, IncidentWebMapper mapper) {
		this.incidents = incidents;
		this.mapper = mapper;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(Roles.WORKERS)
	Mono<ResponseEntity<IncidentView>> file(@Valid @RequestBody IncidentRequests.Create request) {
		return Viewer.current().flatMap((viewer) -> {
			IncidentDraft draft = this.mapper.toDraft(request);
			return this.incidents.file(draft, viewer)
				.flatMap((filed) -> this.incidents.related(filed.incident(), filed.index(), viewer)
					.map((related) -> view(filed.incident(), related, viewer)))
				.map((view) -> ResponseEntity.created(URI.create("/api/v1/incidents/" + view.id()))
					.eTag(String.valueOf(view.version()))
					.body(view));
		});
	}

	/**
	 * The escalation service files what a partner node escalated to this node, as that
	 * partner (the gateway verified its signature); only the partner itself may. With
	 * {@code raiseOnly=true} (the partner's TLP update) an incident filed before only has
	 * its floor and TLP raised, never lowered: a TLP no stricter than its floor changes
	 * nothing and answers the same.
	 */
	@PutMapping(path = "/inbound/{partnerNode}/{escalationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('PEER')")
	Mono<IncidentResponses.LinkedView> receive(@PathVariable String partnerNode, @PathVariable String escalationId,
			@RequestParam(name = "raiseOnly", defaultValue = "false") boolean raiseOnly,
			@Valid @RequestBody IncidentRequests.Inbound request) {
		if (!escalationId.matches("[0-9a-f-]{36}")) {
			throw new InvalidIncident("escalationId", "must be a UUID");
		}
		IncidentDraft shared = this.mapper.toDraft(request.incident());
		// the NIS2 clock runs at the entity's own CSIRT, not at a partner that helps
		IncidentDraft draft = new IncidentDraft(shared.title(), shared.description(), shared.classification(),
				shared.tlp(), shared.pap(), shared.severity(), shared.patientSafetyImpact(), shared.careDisruption(),
				shared.reporter(), shared.observables(), shared.occurredAt(), shared.detectedAt(), shared.awareAt(),
				false, shared.suspectedMalicious(), true,
				new Origin(partnerNode, request.partnerRef(), escalationId, null));
		return Viewer.current().flatMap((viewer) -> {
			if (!viewer.user().equals(partnerNode)) {
				return Mono.error(new org.springframework.security.access.AccessDeniedException("not that partner"));
			}
			return this.incidents.receive(draft, new Viewer("node." + partnerNode, viewer.roles()), raiseOnly);
		}).map((incident) -> new IncidentResponses.LinkedView(incident.getId(), incident.getRef()));
	}

	@GetMapping("/{id}")
	@PreAuthorize(Roles.READERS_AND_SERVICES)
	Mono<ResponseEntity<IncidentView>> get(@PathVariable String id) {
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.get(id, viewer).flatMap((incident) -> view(incident, viewer)))
			.map(IncidentController::withEtag);
	}

	@GetMapping("/by-ref/{ref}")
	@PreAuthorize(Roles.READERS)
	Mono<ResponseEntity<IncidentView>> byRef(@PathVariable String ref) {
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.getByRef(ref, viewer).flatMap((incident) -> view(incident, viewer)))
			.map(IncidentController::withEtag);
	}

	@GetMapping
	@PreAuthorize(Roles.READERS)
	Mono<Page> list(@RequestParam(required = false) @Nullable List<String> status,
			@RequestParam(required = false) @Nullable List<String> tlp,
			@RequestParam(required = false) @Nullable String rsitClass,
			@RequestParam(required = false) @Nullable String rsitType,
			@RequestParam(required = false) @Nullable List<String> severity,
			@RequestParam(required = false) @Nullable String careService,
			@RequestParam(required = false) @Nullable String reporterOrganisation,
			@RequestParam(required = false) @Nullable String assignee,
			@RequestParam(required = false, defaultValue = "false") boolean unassigned,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String observable,
			@RequestParam(required = false) @Nullable String sort,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String after) {
		int size = (limit != null) ? limit : IncidentQuery.DEFAULT_LIMIT;
		if (size < 1 || size > IncidentQuery.MAX_LIMIT) {
			throw new InvalidIncident("limit", "must be between 1 and " + IncidentQuery.MAX_LIMIT);
		}
		if (q != null && q.length() > 200) {
			throw new InvalidIncident("q", "at most 200 characters");
		}
		IncidentSort order = (sort != null) ? IncidentSort.of(sort) : IncidentSort.NEWEST_FIRST;
		PageCursor cursor = (after != null) ? PageCursor.of(after) : null;
		if (cursor != null && !cursor.sort().equals(order.toString())) {
			throw new InvalidIncident("after", "the cursor belongs to another sort order");
		}
		IncidentQuery query = new IncidentQuery(
				set(status, IncidentStatus.class, (text) -> IncidentStatus.of("status", text)),
				set(tlp, Tlp.class, Tlp::of), rsitClass, rsitType, set(severity, Severity.class, Severity::of),
				(careService != null) ? CareService.of(careService) : null, reporterOrganisation, assignee, unassigned,
				QueryParameters.instant("from", from), QueryParameters.instant("to", to),
				(q != null && !q.isBlank()) ? q : null,
				(observable != null) ? ObservableParameters.fromParameter(observable) : null, order, size, cursor);
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.list(query, viewer))
			.map((page) -> new Page(this.mapper.toSummaries(page.items()), page.next()));
	}

	@PatchMapping(path = "/{id}", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json" })
	@PreAuthorize(Roles.WORKERS)
	Mono<ResponseEntity<IncidentView>> update(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody IncidentRequests.Update request) {
		long version = Versions.fromIfMatch(ifMatch);
		IncidentChanges changes = this.mapper.toChanges(request);
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.update(id, version, changes, viewer)
				.flatMap((incident) -> view(incident, viewer)))
			.map(IncidentController::withEtag);
	}

	@PostMapping(path = "/{id}/transitions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(Roles.WORKERS)
	Mono<ResponseEntity<IncidentView>> transition(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody IncidentRequests.Transition request) {
		long version = Versions.fromIfMatch(ifMatch);
		IncidentStatus to = IncidentStatus.of(request.to());
		return Viewer.current()
			.flatMap((viewer) -> this.incidents
				.transition(id, version, to, request.reason(), request.duplicateOf(), viewer)
				.flatMap((incident) -> view(incident, viewer)))
			.map(IncidentController::withEtag);
	}

	@PutMapping(path = "/{id}/assignee", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(Roles.WORKERS)
	Mono<ResponseEntity<IncidentView>> assign(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody IncidentRequests.Assign request) {
		long version = Versions.fromIfMatch(ifMatch);
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.assign(id, version, request.assignee(), viewer)
				.flatMap((incident) -> view(incident, viewer)))
			.map(IncidentController::withEtag);
	}

	@PostMapping(path = "/{id}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(Roles.WORKERS)
	Mono<ResponseEntity<NoteView>> addNote(@PathVariable String id,
			@Valid @RequestBody IncidentRequests.NewNote request) {
		Tlp tlp = (request.tlp() != null) ? Tlp.of(request.tlp()) : null;
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.addNote(id, request.text(), tlp, viewer))
			.map((note) -> ResponseEntity.created(URI.create("/api/v1/incidents/" + id + "/notes/" + note.id()))
				.body(this.mapper.toView(note)));
	}

	@GetMapping("/{id}/history")
	@PreAuthorize("hasAnyRole('COORDINATOR','AUDITOR')")
	Mono<HistoryView> history(@PathVariable String id) {
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.get(id, viewer))
			.map((incident) -> new HistoryView(incident.getId(), incident.getRef(), incident.getHistory()));
	}

	@PostMapping(path = "/{id}/observables", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(Roles.WORKERS)
	Mono<ResponseEntity<IncidentView>> addObservable(@PathVariable String id,
			@Valid @RequestBody IncidentRequests.ObservableRequest request) {
		Observable observable = this.mapper.observables(List.of(request)).get(0);
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.addObservable(id, observable, viewer)
				.flatMap((incident) -> view(incident, viewer)))
			.map(IncidentController::withEtag);
	}

	@org.springframework.web.bind.annotation.DeleteMapping("/{id}/observables/{type}/{*value}")
	@PreAuthorize(Roles.WORKERS)
	Mono<ResponseEntity<Void>> removeObservable(@PathVariable String id, @PathVariable String type,
			@PathVariable String value) {
		Observable observable = ObservableParameters.fromPath(type, value);
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.removeObservable(id, observable, viewer))
			.map((incident) -> ResponseEntity.noContent().eTag(String.valueOf(incident.getVersion())).build());
	}

	private Mono<IncidentView> view(Incident incident, Viewer viewer) {
		return this.incidents.related(incident, viewer).map((related) -> view(incident, related, viewer));
	}

	private IncidentView view(Incident incident, List<IncidentService.Related> related, Viewer viewer) {
		List<NoteView> journal = incident.getJournal()
			.stream()
			.filter((note) -> viewer.maySee(note.tlp() == Tlp.RED, note.author(), incident.getAssignee()))
			.map(this.mapper::toView)
			.toList();
		return this.mapper.toView(incident, journal, this.mapper.toRelatedViews(related), viewer.mayWork());
	}

	private static ResponseEntity<IncidentView> withEtag(IncidentView view) {
		return ResponseEntity.ok().eTag(String.valueOf(view.version())).body(view);
	}

	private static <E extends Enum<E>> Set<E> set(@Nullable List<String> values, Class<E> type,
			Function<String, E> parse) {
		Set<E> set = EnumSet.noneOf(type);
		if (values != null) {
			for (String value : values) {
				for (String part : value.split(",")) {
					if (!part.isBlank()) {
						set.add(parse.apply(part));
					}
				}
			}
		}
		return set;
	}

}
