package org.caduceus.intake.nis2;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.incident.Incident;
import org.caduceus.intake.incident.IncidentRequests;
import org.caduceus.intake.incident.IncidentService;
import org.caduceus.intake.incident.InvalidIncident;
import org.caduceus.intake.incident.Nis2Report;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The NIS2 clock: {@code /api/v1/incidents/{id}/nis2}, the submissions, the rendered
 * reports and the node's overdue list at {@code /api/v1/nis2/overdue}.
 */
@RestController
class Nis2Controller {

	private static final String READERS = "hasAnyRole('ANALYST','COORDINATOR','AUDITOR')";

	private final IncidentService incidents;

	private final Clock clock;

	Nis2Controller(IncidentService incidents, Clock clock) {
		this.incidents = incidents;
		this.clock = clock;
	}

	record ClockView(String incidentId, String ref, boolean significant, Instant awareAt,
			List<Nis2Clock.Obligation> obligations) {
	}

	record OverdueView(List<ClockView> incidents) {
	}

	/**
	 * A significant incident on the NIS2 board: its clock, and the next report it owes
	 * ({@code nextDueAt} null once every report is in).
	 */
	record BoardEntry(String incidentId, String ref, String title, String status, String tlp, Instant awareAt,
			@org.jspecify.annotations.Nullable Instant nextDueAt, boolean overdue,
			List<Nis2Clock.Obligation> obligations) {
	}

	record BoardView(List<BoardEntry> incidents) {
	}

	@GetMapping("/api/v1/incidents/{id}/nis2")
	@PreAuthorize(READERS)
	Mono<ClockView> clock(@PathVariable String id) {
		return Viewer.current().flatMap((viewer) -> this.incidents.get(id, viewer)).map(this::view);
	}

	@PostMapping(path = "/api/v1/incidents/{id}/nis2/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR')")
	Mono<ResponseEntity<ClockView>> submit(@PathVariable String id,
			@Valid @RequestBody IncidentRequests.Nis2SubmissionRequest request) {
		Nis2Report report = Nis2Report.of(request.report());
		Instant submittedAt = (request.submittedAt() != null) ? request.submittedAt() : this.clock.instant();
		return Viewer.current()
			.flatMap((viewer) -> this.incidents.recordNis2Submission(id, report, submittedAt, request.reference(),
					viewer))
			.map((incident) -> ResponseEntity.created(URI.create("/api/v1/incidents/" + id + "/nis2"))
				.eTag(String.valueOf(incident.getVersion()))
				.body(view(incident)));
	}

	@GetMapping(path = "/api/v1/incidents/{id}/nis2/reports/{report}",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/markdown" })
	@PreAuthorize(READERS)
	Mono<ResponseEntity<Object>> report(@PathVariable String id, @PathVariable String report,
			org.springframework.web.server.ServerWebExchange exchange) {
		Nis2Report kind = Nis2Report.of(report);
		if (kind != Nis2Report.EARLY_WARNING && kind != Nis2Report.NOTIFICATION) {
			throw new InvalidIncident("report", "only the early-warning and the notification are rendered");
		}
		boolean markdown = exchange.getRequest()
			.getHeaders()
			.getAccept()
			.stream()
			.anyMatch((type) -> type.getSubtype().equals("markdown"));
		return Viewer.current().flatMap((viewer) -> this.incidents.get(id, viewer)).map((incident) -> {
			requireSignificant(incident);
			Instant now = this.clock.instant();
			Object body;
			if (kind == Nis2Report.EARLY_WARNING) {
				Nis2Reports.EarlyWarning warning = Nis2Reports.earlyWarning(incident, now);
				body = markdown ? Nis2Reports.markdown(warning) : warning;
			}
			else {
				Nis2Reports.Notification notification = Nis2Reports.notification(incident, now);
				body = markdown ? Nis2Reports.markdown(notification) : notification;
			}
			return ResponseEntity.ok()
				.contentType(
						markdown ? MediaType.parseMediaType("text/markdown;charset=UTF-8") : MediaType.APPLICATION_JSON)
				.body(body);
		});
	}

	@GetMapping("/api/v1/nis2/overdue")
	@PreAuthorize(READERS)
	Mono<OverdueView> overdue() {
		Instant now = this.clock.instant();
		return Viewer.current()
			.flatMapMany(this.incidents::significant)
			.filter((incident) -> Nis2Clock.isOverdue(incident, now))
			.map(this::view)
			.collectList()
			.map(OverdueView::new);
	}

	/**
	 * The significant incidents this user may see, the most urgent first: overdue ones,
	 * then by the next report's deadline; those that owe nothing more come last.
	 */
	@GetMapping("/api/v1/nis2/board")
	@PreAuthorize(READERS)
	Mono<BoardView> board() {
		Instant now = this.clock.instant();
		return Viewer.current().flatMapMany(this.incidents::significant).map((incident) -> {
			List<Nis2Clock.Obligation> obligations = Nis2Clock.of(incident, now);
			Instant next = obligations.stream()
				.filter((obligation) -> obligation.submittedAt() == null && obligation.dueAt() != null)
				.map(Nis2Clock.Obligation::dueAt)
				.min(Instant::compareTo)
				.orElse(null);
			return new BoardEntry(incident.getId(), incident.getRef(), incident.getTitle(), incident.getStatus().name(),
					incident.getTlp().code(), incident.getAwareAt(), next, Nis2Clock.isOverdue(incident, now),
					obligations);
		})
			.sort(java.util.Comparator.comparing(BoardEntry::nextDueAt,
					java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
			.collectList()
			.map(BoardView::new);
	}

	private ClockView view(Incident incident) {
		return new ClockView(incident.getId(), incident.getRef(), incident.isSignificant(), incident.getAwareAt(),
				Nis2Clock.of(incident, this.clock.instant()));
	}

	private static void requireSignificant(Incident incident) {
		if (!incident.isSignificant()) {
			throw new InvalidIncident("significant", "NIS2 reports are for significant incidents");
		}
	}

}
