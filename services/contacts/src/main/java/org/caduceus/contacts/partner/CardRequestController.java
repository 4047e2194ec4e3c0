package org.caduceus.contacts.partner;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Asking a partner for its card, so that nobody's on-call list is pushed without consent:
 * a request goes to the partner's node ({@code POST /api/v1/contacts/requests}); a
 * request that arrives ({@code /federation/v1/contacts/requests}) waits until this node's
 * admin approves it, which sends the card, or declines it.
 */
@RestController
class CardRequestController {

	private final CardRequests requests;

	CardRequestController(CardRequests requests) {
		this.requests = requests;
	}

	record RequestCard(@NotBlank @Size(max = 64) String to, @NotBlank @Size(max = 500) String reason) {
	}

	record IncomingRequest(@NotBlank @Size(max = 64) String from,
			@NotBlank @Pattern(regexp = "[0-9a-f-]{36}") String requestId, @NotBlank @Size(max = 500) String reason) {
	}

	record Decline(@NotBlank @Size(max = 500) String reason) {
	}

	@PostMapping(path = "/api/v1/contacts/requests", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasAnyRole('ADMIN','COORDINATOR')")
	Mono<ResponseEntity<CardRequest>> request(@Valid @RequestBody RequestCard request, Authentication user) {
		return this.requests.request(request.to(), request.reason(), user.getName())
			.map((saved) -> ResponseEntity.created(URI.create("/api/v1/contacts/requests/" + saved.id())).body(saved));
	}

	@PostMapping(path = "/federation/v1/contacts/requests", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('PEER')")
	Mono<ResponseEntity<CardRequest>> receive(@Valid @RequestBody IncomingRequest request, Authentication peer) {
		return this.requests.receive(peer, request.from(), request.requestId(), request.reason())
			.map((received) -> ResponseEntity.status(HttpStatus.ACCEPTED).body(received));
	}

	@GetMapping("/api/v1/contacts/requests")
	@PreAuthorize("hasAnyRole('ADMIN','AUDITOR')")
	Mono<List<CardRequest>> list(@RequestParam(required = false) @Nullable String status) {
		return this.requests.list(status);
	}

	/** Sends this node's card to the partner that asked for it. */
	@PostMapping("/api/v1/contacts/requests/{id}/approve")
	@PreAuthorize("hasRole('ADMIN')")
	Mono<CardRequest> approve(@PathVariable String id, Authentication admin) {
		return this.requests.approve(id, admin);
	}

	@PostMapping(path = "/api/v1/contacts/requests/{id}/decline", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<CardRequest> decline(@PathVariable String id, @Valid @RequestBody Decline decline, Authentication admin) {
		return this.requests.decline(id, decline.reason(), admin);
	}

}
