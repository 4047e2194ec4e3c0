package org.caduceus.console.nis2;

import org.caduceus.console.gateway.GatewayApi;
import org.caduceus.console.session.SignedIn;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The NIS2 board: significant incidents, the most urgent deadline first, late ones
 * marked.
 */
@Controller
class Nis2Board {

	private final GatewayApi api;

	Nis2Board(GatewayApi api) {
		this.api = api;
	}

	@GetMapping("/nis2")
	Mono<Rendering> board(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return this.api.get(me, "/api/v1/nis2/board", GatewayApi.query())
			.map((board) -> Rendering.view("nis2/board").modelAttribute("entries", board.get("incidents")).build());
	}

}
