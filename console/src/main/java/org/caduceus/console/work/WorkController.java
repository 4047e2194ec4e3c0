package org.caduceus.console.work;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.caduceus.console.gateway.GatewayApi;
import org.caduceus.console.session.SignedIn;
import org.caduceus.identity.Role;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * My work: the incidents assigned to me, new ones nobody has taken, NIS2 reports due in
 * the next 24 hours (or late), and for coordinators the escalations from partners that
 * wait for a decision. Each block is one API call, read in parallel.
 */
@Controller
class WorkController {

	static final Duration DUE_SOON = Duration.ofHours(24);

	private final GatewayApi api;

	private final java.time.Clock clock;

	WorkController(GatewayApi api, java.time.Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	@GetMapping("/")
	Mono<Rendering> work(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		if (me.role() == Role.ADMIN) {
			return Mono.just(Rendering.view("work/admin").build());
		}
		Mono<List<Object>> mine = me.mayWork()
				? items(this.api.get(me, "/api/v1/incidents",
						GatewayApi.query("assignee", me.user(), "status", "NEW,TRIAGED,IN_PROGRESS", "limit", "20")))
				: Mono.just(List.of());
		Mono<List<Object>> unassigned = me.mayWork()
				? items(this.api.get(me, "/api/v1/incidents",
						GatewayApi.query("unassigned", "true", "status", "NEW,TRIAGED", "limit", "20")))
				: Mono.just(List.of());
		Instant soon = this.clock.instant().plus(DUE_SOON);
		Mono<List<Map<String, Object>>> due = this.api.get(me, "/api/v1/nis2/board", GatewayApi.query())
			.map((board) -> entries(board.get("incidents")).stream()
				.filter((entry) -> entry.get("nextDueAt") != null
						&& Instant.parse(String.valueOf(entry.get("nextDueAt"))).isBefore(soon))
				.toList());
		Mono<List<Object>> waiting = me.isCoordinator() ? items(this.api.get(me, "/api/v1/escalations", GatewayApi
			.query("direction", "inbound", "status", "DELIVERED", "status", "ACKNOWLEDGED", "limit", "50")))
				: Mono.just(List.of());
		return Mono.zip(mine, unassigned, due, waiting)
			.map((blocks) -> Rendering.view("work/work")
				.modelAttribute("mine", blocks.getT1())
				.modelAttribute("unassigned", blocks.getT2())
				.modelAttribute("due", blocks.getT3())
				.modelAttribute("waiting", blocks.getT4())
				.build());
	}

	/**
	 * The first twenty of a list: the page is a glance, the full list is one click away
	 * (a count of 20 reads "20+" when there are more).
	 */
	private static Mono<List<Object>> items(Mono<Map<String, Object>> page) {
		return page.map((body) -> (body.get("items") instanceof List<?> list) ? List.copyOf(list) : List.of());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> entries(Object list) {
		return (list instanceof List<?> items) ? (List<Map<String, Object>>) items : List.of();
	}

}
