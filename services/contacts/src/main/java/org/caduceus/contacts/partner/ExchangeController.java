package org.caduceus.contacts.partner;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/contacts/exchanges {to: [partner ids]}}: this node's card, signed
 * with its team key and encrypted to each partner's pinned key, sent to each partner's
 * node through the gateway (which signs the request). Each sending is recorded as a
 * disclosure.
 */
@RestController
class ExchangeController {

	private final CardExchange exchange;

	ExchangeController(CardExchange exchange) {
		this.exchange = exchange;
	}

	record ExchangeRequest(@NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 64) String> to) {
	}

	@PostMapping(path = "/api/v1/contacts/exchanges", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<List<CardExchange.Sent>> exchange(@Valid @RequestBody ExchangeRequest request, Authentication admin) {
		return this.exchange.exchange(request.to(), admin);
	}

}
