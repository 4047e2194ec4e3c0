package org.caduceus.console.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What an admin looks after: the peer nodes this node federates with and the keys it
 * pinned for them, and the partner API keys of CERTs without a node. A new key is shown
 * on the answer to its issue only, as the API gives it; the console keeps no copy. The
 * API decides who may do this (admins); another role gets its refusal.
 */
@Controller
class AdminPages {

	private final GatewayApi api;

	AdminPages(GatewayApi api) {
		this.api = api;
	}

	@GetMapping("/admin/peers")
	Mono<Rendering> peers(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return this.api.getArray(me, "/api/v1/admin/peers", GatewayApi.query())
			.map((peers) -> Rendering.view("admin/peers").modelAttribute("peers", peers).build());
	}

	@GetMapping("/admin/api-keys")
	Mono<Rendering> apiKeys(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return keys(me, null, Map.of(), null).map(Rendering.Builder::build);
	}

	private Mono<Rendering.Builder<?>> keys(SignedIn me, @Nullable Map<String, Object> issued,
			Map<String, String> errors, @Nullable String error) {
		return this.api.getArray(me, "/api/v1/admin/api-keys", GatewayApi.query()).map((keys) -> {
			Rendering.Builder<?> page = Rendering.view("admin/api-keys")
				.modelAttribute("keys", keys)
				.modelAttribute("issued", (issued != null) ? issued : Map.of())
				.modelAttribute("errors", errors);
			if (error != null) {
				page.modelAttribute("error", error);
			}
			return page;
		});
	}

	/** Issues a key; the answer shows it once. */
	@PostMapping("/admin/api-keys")
	Mono<Rendering> issue(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("partner", trimmed(form.getFirst("partner")));
			String description = trimmed(form.getFirst("description"));
			if (!description.isEmpty()) {
				body.put("description", description);
			}
			List<String> collections = new ArrayList<>();
			for (String line : trimmed(form.getFirst("collections")).split("[,\\s]+")) {
				if (!line.isBlank()) {
					collections.add(line);
				}
			}
			body.put("collections", collections);
			body.put("canWrite", "on".equals(form.getFirst("canWrite")));
			String days = trimmed(form.getFirst("validDays"));
			if (days.matches("[0-9]{1,4}")) {
				body.put("validDays", Integer.parseInt(days));
			}
			return this.api.send(me, HttpMethod.POST, "/api/v1/admin/api-keys", body, null)
				.flatMap((issued) -> keys(me, issued, Map.of(), null))
				.map(Rendering.Builder::build)
				.onErrorResume(org.caduceus.console.gateway.ApiProblem.class,
						(problem) -> (problem.status() == 400 || problem.status() == 422)
								? keys(me, null, problem.fieldErrors(), problem.detail())
									.map((page) -> page.status(HttpStatus.UNPROCESSABLE_ENTITY).build())
								: Mono.error(problem));
		});
	}

	@PostMapping("/admin/api-keys/{id}/revoke")
	Mono<Rendering> revoke(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return this.api.delete(me, "/api/v1/admin/api-keys/{id}", id)
			.thenReturn(Rendering.redirectTo("/admin/api-keys").status(HttpStatus.SEE_OTHER).build());
	}

	private static String trimmed(@Nullable String value) {
		return (value != null) ? value.strip() : "";
	}

}
