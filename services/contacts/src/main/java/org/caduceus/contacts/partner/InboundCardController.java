package org.caduceus.contacts.partner;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.caduceus.openpgp.CardSealer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /federation/v1/contacts/cards}: a partner node's card, reached only through
 * the gateway after the node's signature was verified. The sender must be the signed peer
 * and a partner team whose key this node pinned; the card must open against that key.
 */
@RestController
class InboundCardController {

	private final PartnerCards cards;

	InboundCardController(PartnerCards cards) {
		this.cards = cards;
	}

	/** What a partner node sends: its id and the sealed card, armored. */
	record IncomingCard(@NotBlank @Size(max = 64) String from,
			@NotBlank @Size(max = CardSealer.MAX_ARMORED) String sealed) {
	}

	/** The answer: which version of the card was stored. */
	record Received(String from, long cardVersion) {
	}

	@PostMapping(path = "/federation/v1/contacts/cards", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('PEER')")
	Mono<ResponseEntity<Received>> receive(@Valid @RequestBody IncomingCard card, Authentication peer) {
		return this.cards.pinnedSender(peer, card.from())
			.flatMap((partner) -> this.cards.store(partner, this.cards.open(partner, card.sealed()), "federation",
					"node." + card.from()))
			.map((stored) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(new Received(stored.id(), stored.card().cardVersion())));
	}

}
