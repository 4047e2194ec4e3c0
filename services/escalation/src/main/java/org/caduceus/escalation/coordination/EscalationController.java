package org.caduceus.escalation.coordination;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationFilter;
import org.caduceus.escalation.casefile.EscalationReader;
import org.caduceus.escalation.casefile.EscalationStatus;
import org.caduceus.escalation.casefile.Escalations;
import org.caduceus.escalation.casefile.IncidentId;
import org.caduceus.escalation.casefile.InvalidEscalation;
import org.caduceus.escalation.casefile.NodeId;
import org.caduceus.escalation.coordination.EscalationViews.EscalationView;
import org.caduceus.escalation.coordination.EscalationViews.Page;
import org.caduceus.escalation.inbound.InboundEscalations;
import org.caduceus.escalation.outbound.OutboundEscalations;
import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/escalations}: coordinators escalate, decide, close and share notes;
 * coordinators and auditors read (auditors without the reporter's personal data).
 */
@RestController
@RequestMapping("/api/v1/escalations")
class EscalationController {

	static final String COORDINATORS = "hasRole('COORDINATOR')";

	static final String READERS = "hasAnyRole('COORDINATOR','AUDITOR')";

	static final int MAX_LIMIT = 200;

	private final OutboundEscalations outbound;

	private final InboundEscalations inbound;

	private final Escalations escalations;

	private final Clock clock;

	EscalationController(OutboundEscalations outbound, InboundEscalations inbound, Escalations escalations,
			Clock clock) {
		this.outbound = outbound;
		this.inbound = inbound;
		this.escalations = escalations;
		this.clock = clock;
	}

	/** {@code POST /api/v1/escalations}. */
	record EscalateRequest(@NotBlank @Size(max = 64) String incidentId,
			@NotEmpty @Size(max = OutboundEscalations.MAX_RECIPIENTS) List<@NotBlank @Pattern(regexp = NodeId.PATTERN,
					message = "must be a node id") String> to,
			@NotBlank @Size(max = 2_000) String reason, @Size(max = 16) @Nullable String tlp,
			@Size(max = 2_000) @Nullable String tlpReason) {
	}

	/** {@code POST /api/v1/escalations/{id}/decision}. */
	record DecisionRequest(
			@NotBlank @Pattern(regexp = "accept|decline", message = "must be accept or decline") String decision,
			@Size(max = 2_000) @Nullable String reason) {
	}

	/** {@code POST /api/v1/escalations/{id}/close}. */
	record CloseRequest(@Size(max = 2_000) @Nullable String reason) {
	}

	/** {@code POST /api/v1/escalations/{id}/withdraw}. */
	record WithdrawRequest(@NotBlank @Size(max = 2_000) String reason) {
	}

	/** {@code POST /api/v1/escalations/{id}/notes}. */
	record NoteRequest(@NotBlank @Size(max = 10_000) String text) {
	}

	/** {@code POST /api/v1/escalations/retry}. */
	record RetryRequest(@NotBlank @Pattern(regexp = NodeId.PATTERN, message = "must be a node id") String peer) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(COORDINATORS)
	Mono<ResponseEntity<List<EscalationView>>> escalate(@Valid @RequestBody EscalateRequest request,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String bearer, Authentication user) {
		OutboundEscalations.EscalateCommand command = new OutboundEscalations.EscalateCommand(
				IncidentId.of(request.incidentId()), request.to().stream().map(NodeId::of).toList(), request.reason(),
				request.tlp(), request.tlpReason());
		return this.outbound.escalate(command, user.getName(), bearer).map((queued) -> {
			List<EscalationView> views = queued.stream().map((escalation) -> view(escalation, user)).toList();
			return ResponseEntity.created(URI.create("/api/v1/escalations/" + views.get(0).id())).body(views);
		});
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	Mono<EscalationView> get(@PathVariable String id, @RequestHeader(HttpHeaders.AUTHORIZATION) String bearer,
			Authentication user) {
		return this.escalations.get(id, reader(user, bearer)).map((escalation) -> view(escalation, user));
	}

	@GetMapping
	@PreAuthorize(READERS)
	Mono<Page> list(@RequestParam(required = false) @Nullable String direction,
			@RequestParam(required = false) @Nullable List<String> status,
			@RequestParam(required = false) @Nullable String peer,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String after,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String bearer, Authentication user) {
		int size = (limit != null) ? limit : 50;
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidEscalation("limit", "must be between 1 and " + MAX_LIMIT);
		}
		Escalation.Direction way = null;
		if (direction != null) {
			try {
				way = Escalation.Direction.valueOf(direction.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidEscalation("direction", "one of outbound, inbound");
			}
		}
		List<EscalationStatus> statuses = (status != null)
				? status.stream().map((text) -> EscalationStatus.of("status", text)).toList() : List.of();
		EscalationFilter.After position = (after != null) ? Cursor.of(after).position() : null;
		NodeId partner = null;
		if (peer != null) {
			try {
				partner = NodeId.of(peer);
			}
			catch (InvalidEscalation ex) {
				// no escalation is with a node that cannot exist
				return Mono.just(new Page(List.of(), null));
			}
		}
		EscalationFilter filter = new EscalationFilter(way, statuses, partner, position);
		return this.escalations.list(filter, size + 1, reader(user, bearer)).collectList().map((found) -> {
			List<Escalation> items = found.subList(0, Math.min(size, found.size()));
			String next = (found.size() > size) ? Cursor.after(items.get(items.size() - 1)) : null;
			return new Page(items.stream().map((escalation) -> view(escalation, user)).toList(), next);
		});
	}

	/** Open escalations whose partner is late under the response SLA. */
	@GetMapping("/overdue")
	@PreAuthorize(READERS)
	Mono<List<EscalationView>> overdue(@RequestHeader(HttpHeaders.AUTHORIZATION) String bearer, Authentication user) {
		return this.escalations.overdue(reader(user, bearer)).map((escalation) -> view(escalation, user)).collectList();
	}

	@PostMapping(path = "/{id}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(COORDINATORS)
	Mono<EscalationView> decide(@PathVariable String id, @Valid @RequestBody DecisionRequest request,
			Authentication user) {
		Escalation.Decision decision = new Escalation.Decision(request.decision().equals("accept"), request.reason());
		return this.inbound.decide(id, decision, user.getName()).map((escalation) -> view(escalation, user));
	}

	@PostMapping(path = "/{id}/close", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(COORDINATORS)
	Mono<EscalationView> close(@PathVariable String id, @Valid @RequestBody CloseRequest request, Authentication user) {
		return this.escalations.close(id, request.reason(), user.getName()).map((escalation) -> view(escalation, user));
	}

	/**
	 * A coordinator withdraws an escalation this node sent: while queued nothing leaves;
	 * once delivered the partner is told by a signed status message.
	 */
	@PostMapping(path = "/{id}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(COORDINATORS)
	Mono<EscalationView> withdraw(@PathVariable String id, @Valid @RequestBody WithdrawRequest request,
			Authentication user) {
		return this.escalations.withdraw(id, request.reason().strip(), user.getName())
			.map((escalation) -> view(escalation, user));
	}

	@PostMapping(path = "/{id}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(COORDINATORS)
	Mono<EscalationView> addNote(@PathVariable String id, @Valid @RequestBody NoteRequest request,
			Authentication user) {
		return this.escalations.addNote(id, request.text(), user.getName()).map((escalation) -> view(escalation, user));
	}

	@PostMapping(path = "/retry", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(COORDINATORS)
	Mono<Map<String, Long>> retry(@Valid @RequestBody RetryRequest request) {
		return this.outbound.retryNow(NodeId.of(request.peer())).map((count) -> Map.of("due", count));
	}

	private EscalationView view(Escalation escalation, Principal user) {
		return EscalationView.of(escalation, coordinator(user), this.clock.instant());
	}

	private static boolean coordinator(Principal user) {
		return (user instanceof Authentication authentication) && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> Role.COORDINATOR.authority().equals(authority.getAuthority()));
	}

	/** Who reads, for the read policy every read goes through. */
	private static EscalationReader reader(Principal user, String bearer) {
		return EscalationReader.of(coordinator(user), bearer);
	}

	/** Position after an escalation in the list's order. */
	record Cursor(Instant createdAt, String id) {

		static String after(Escalation escalation) {
			String text = escalation.createdAt().toEpochMilli() + "|" + escalation.key().value();
			return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
		}

		static Cursor of(String text) {
			try {
				String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
				int bar = decoded.indexOf('|');
				return new Cursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, bar))),
						decoded.substring(bar + 1));
			}
			catch (RuntimeException ex) {
				throw new InvalidEscalation("after", "not a cursor this API handed out");
			}
		}

		EscalationFilter.After position() {
			return new EscalationFilter.After(this.createdAt, this.id);
		}

	}

}
