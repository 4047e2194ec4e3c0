package org.caduceus.console.escalation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.caduceus.console.gateway.GatewayApi;
import org.caduceus.console.session.SignedIn;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Escalations: the inbox (what partners sent this node) and the outbox (what this node
 * sent), one escalation with what left the node and what the border removed, and the
 * coordinator's decisions. The list refreshes itself while it is open.
 */
@Controller
class EscalationPages {

	private final GatewayApi api;

	EscalationPages(GatewayApi api) {
		this.api = api;
	}

	@GetMapping("/escalations")
	Mono<Rendering> list(ServerWebExchange exchange, @RequestParam(defaultValue = "inbox") String box,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String after) {
		SignedIn me = SignedIn.of(exchange);
		String direction = switch (box) {
			case "outbox" -> "outbound";
			case "all" -> null;
			default -> "inbound";
		};
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
