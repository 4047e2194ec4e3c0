package org.caduceus.console.escalation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.caduceus.console.ConsoleProperties;

import org.caduceus.console.gateway.GatewayApi;
import org.caduceus.console.session.PendingSignIn;
import org.caduceus.console.session.Sessions;
import org.caduceus.console.session.SignedIn;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Escalations: the inbox (what partners sent this node) and the outbox (what this node
 * sent), one escalation with what left the node and what the border removed, and the
 * coordinator's decisions. The list refreshes itself while it is open.
 */
@Controller
class EscalationPages {

	/** A stream ends after this long; the browser opens a new one at once. */
	static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

	private final GatewayApi api;

	private final Sessions sessions;

	private final Duration poll;

	EscalationPages(GatewayApi api, Sessions sessions, ConsoleProperties properties) {
		this.api = api;
		this.sessions = sessions;
		this.poll = properties.livePoll();
	}

	private static @Nullable String direction(String box) {
		return switch (box) {
			case "outbox" -> "outbound";
			case "all" -> null;
			default -> "inbound";
		};
	}

	/**
	 * Server-sent events for an open escalation list: {@code changed} whenever the list
	 * the user may see changes (statuses, new escalations), so the page fetches its rows
	 * again. The API is asked as the user every few seconds while the session lives; the
	 * stream ends with the session, and after 30 minutes in any case.
	 */
	@GetMapping(path = "/escalations/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@org.springframework.web.bind.annotation.ResponseBody
	Flux<ServerSentEvent<String>> events(ServerWebExchange exchange, @RequestParam(defaultValue = "inbox") String box) {
		SignedIn me = SignedIn.of(exchange);
		PendingSignIn session = PendingSignIn.of(exchange);
		String cookie = (session != null) ? session.cookie() : "";
		String direction = direction(box);
		// each tick answers: "changed", or a comment line that keeps the stream open
		// through the gateway's read timeout; an API that does not answer changes nothing
		return Flux.interval(Duration.ZERO, this.poll)
			.concatMap((tick) -> this.sessions.isLive(cookie))
			.takeWhile((live) -> live)
			.concatMap((live) -> this.api
				.get(me, "/api/v1/escalations", GatewayApi.query("direction", direction, "limit", "50"))
				.map(EscalationPages::fingerprint)
				.onErrorResume((unavailable) -> Mono.just(UNKNOWN)))
			.scan(new Seen(UNKNOWN, false), Seen::next)
			.skip(1)
			.map((seen) -> seen.changed() ? ServerSentEvent.<String>builder().event("changed").data(box).build()
					: ServerSentEvent.<String>builder().comment("unchanged").build())
			.take(STREAM_LIFETIME);
	}

	private static final String UNKNOWN = "";

	/** The list as last seen, and whether the latest look found it changed. */
	private record Seen(String print, boolean changed) {

		Seen next(String now) {
			if (now.equals(UNKNOWN)) {
				return new Seen(this.print, false);
			}
			return new Seen(now, !this.print.equals(UNKNOWN) && !this.print.equals(now));
		}

	}

	/**
	 * What of a list a person would notice: which escalations, their status, their last
	 * change.
	 */
	private static String fingerprint(Map<String, Object> page) {
		StringBuilder seen = new StringBuilder();
		if (page.get("items") instanceof java.util.List<?> items) {
			for (Object item : items) {
				if (item instanceof Map<?, ?> escalation) {
					seen.append(escalation.get("id"))
						.append(':')
						.append(escalation.get("status"))
						.append(':')
						.append(escalation.get("updatedAt"))
						.append(';');
				}
			}
		}
		return seen.toString();
	}

	@GetMapping("/escalations")
	Mono<Rendering> list(ServerWebExchange exchange, @RequestParam(defaultValue = "inbox") String box,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String after) {
		SignedIn me = SignedIn.of(exchange);
		String direction = direction(box);
		boolean partial = exchange.getRequest().getHeaders().containsHeader("HX-Request");
		return this.api
			.get(me, "/api/v1/escalations",
					GatewayApi.query("direction", direction, "status", status, "after", after, "limit", "50"))
			.map((page) -> Rendering.view(partial ? "escalation/list :: rows" : "escalation/list")
				.modelAttribute("items", page.get("items"))
				.modelAttribute("next", page.get("next"))
				.modelAttribute("box", box)
				.modelAttribute("status", (status != null) ? status : "")
				.build());
	}

	@GetMapping("/escalations/{id}")
	Mono<Rendering> escalation(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return this.api.get(me, "/api/v1/escalations/{id}", GatewayApi.query(), id)
			.map((escalation) -> Rendering.view("escalation/escalation").modelAttribute("e", escalation).build());
	}

	@PostMapping("/escalations/{id}/decision")
	Mono<Rendering> decide(ServerWebExchange exchange, @PathVariable String id) {
		return act(exchange, id, "/api/v1/escalations/{id}/decision", "decision", "reason");
	}

	@PostMapping("/escalations/{id}/notes")
	Mono<Rendering> note(ServerWebExchange exchange, @PathVariable String id) {
		return act(exchange, id, "/api/v1/escalations/{id}/notes", "text");
	}

	@PostMapping("/escalations/{id}/withdraw")
	Mono<Rendering> withdraw(ServerWebExchange exchange, @PathVariable String id) {
		return act(exchange, id, "/api/v1/escalations/{id}/withdraw", "reason");
	}

	@PostMapping("/escalations/{id}/close")
	Mono<Rendering> close(ServerWebExchange exchange, @PathVariable String id) {
		return act(exchange, id, "/api/v1/escalations/{id}/close", "reason");
	}

	private Mono<Rendering> act(ServerWebExchange exchange, String id, String path, String... fields) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			for (String field : fields) {
				String value = form.getFirst(field);
				if (value != null && !value.isBlank()) {
					body.put(field, value.strip());
				}
			}
			return this.api.send(me, HttpMethod.POST, path, body, null, id);
		}).thenReturn(Rendering.redirectTo("/escalations/" + id).status(HttpStatus.SEE_OTHER).build());
	}

}
