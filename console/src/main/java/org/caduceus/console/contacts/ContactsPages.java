package org.caduceus.console.contacts;

import java.util.List;
import java.util.Map;

import org.caduceus.console.gateway.GatewayApi;
import org.caduceus.console.session.SignedIn;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The teams a node works with: the directory, this node's own card and the partners'
 * cards. The confidential part of a card (24/7 number, on-call people) is shown only
 * after an explicit action, a POST that the contacts service records as a read, and never
 * kept by the browser.
 */
@Controller
class ContactsPages {

	private final GatewayApi api;

	ContactsPages(GatewayApi api) {
		this.api = api;
	}

	@GetMapping("/contacts")
	Mono<Rendering> contacts(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		Mono<List<Map<String, Object>>> directory = this.api.getArray(me, "/api/v1/contacts/directory",
				GatewayApi.query());
		Mono<Map<String, Object>> own = this.api.get(me, "/api/v1/contacts/card", GatewayApi.query())
			.onErrorResume(org.caduceus.console.gateway.ApiProblem.class,
					(problem) -> problem.isNotFound() ? Mono.just(Map.of()) : Mono.error(problem));
		Mono<List<Map<String, Object>>> partners = this.api.getArray(me, "/api/v1/contacts/partners",
				GatewayApi.query());
		return Mono.zip(directory, own, partners)
			.map((found) -> Rendering.view("contacts/contacts")
				.modelAttribute("directory", found.getT1())
				.modelAttribute("own", found.getT2())
				.modelAttribute("partners", found.getT3())
				.modelAttribute("mayReadConfidential", me.mayWork() || me.role() == org.caduceus.identity.Role.ADMIN)
				.build());
	}

	/** This node's own confidential card part: read on purpose, and recorded as read. */
	@PostMapping("/contacts/own/confidential")
	Mono<Rendering> ownConfidential(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return this.api.get(me, "/api/v1/contacts/card/confidential", GatewayApi.query())
			.map((card) -> Rendering.view("contacts/confidential")
				.modelAttribute("team", "this node")
				.modelAttribute("confidential", card.get("confidential"))
				.modelAttribute("version", card.get("version"))
				.build());
	}

	@PostMapping("/contacts/partners/{id}/confidential")
	Mono<Rendering> partnerConfidential(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return this.api.get(me, "/api/v1/contacts/partners/{id}/confidential", GatewayApi.query(), id)
			.map((card) -> Rendering.view("contacts/confidential")
				.modelAttribute("team", id)
				.modelAttribute("confidential", card.get("confidential"))
				.modelAttribute("version", card.get("cardVersion"))
				.build());
	}

}
