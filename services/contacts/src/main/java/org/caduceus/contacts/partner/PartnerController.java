package org.caduceus.contacts.partner;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caduceus.contacts.card.TeamCard;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/contacts/partners}: partner teams whose keys an admin pinned, the cards
 * they sent, and the armored exchange with CERTs that run no node (export for e-mail,
 * import of what they sealed with GnuPG). A card is opened only if it is encrypted to
 * this team, intact, and signed by exactly the pinned key; otherwise nothing is stored.
 */
@RestController
@RequestMapping("/api/v1/contacts/partners")
class PartnerController {

	private final PartnerService partners;

	PartnerController(PartnerService partners) {
		this.partners = partners;
	}

	/** {@code POST /api/v1/contacts/partners}: pin a partner's key. */
	record PinRequest(
			@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}",
					message = "must be lower-case letters, digits and '-'") String id,
			@NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
			@NotBlank @Size(max = 64 * 1024) String publicKey, @NotBlank @Size(max = 64) String fingerprint) {
	}

	/** A partner as listed: its key and the public part of its card, if it sent one. */
	record PartnerView(String id, String country, String fingerprint, String pinnedBy, Instant pinnedAt,
			TeamCard.@Nullable PublicPart card, @Nullable Long cardVersion, @Nullable Instant receivedAt,
			@Nullable String pendingFingerprint, List<PartnerTeam.KeyDecision> keyDecisions) {

		static PartnerView of(PartnerTeam partner) {
			PartnerTeam.ReceivedCard card = partner.card();
			return new PartnerView(partner.id(), partner.country(), partner.fingerprint(), partner.pinnedBy(),
					partner.pinnedAt(), (card != null) ? card.publicPart() : null,
					(card != null) ? card.cardVersion() : null, (card != null) ? card.receivedAt() : null,
					(partner.pendingKey() != null) ? partner.pendingKey().fingerprint() : null, partner.keyDecisions());
		}

	}

	/** {@code POST /api/v1/contacts/partners/{id}/keys}: a partner's new key. */
	record NewKeyRequest(@NotBlank @Size(max = 64 * 1024) String publicKey) {
	}

	/**
	 * {@code POST /api/v1/contacts/partners/{id}/keys/confirm}: the fingerprint confirmed
	 * out of band.
	 */
	record ConfirmRequest(@NotBlank @Size(max = 64) String fingerprint) {
	}

	/** A partner's confidential card part, for the roles that may read it. */
	record ConfidentialView(String id, long cardVersion, TeamCard.Confidential confidential, Instant receivedAt) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<ResponseEntity<PartnerView>> pin(@Valid @RequestBody PinRequest request, Authentication admin) {
		return this.partners
			.pin(request.id(), request.country(), request.publicKey(), request.fingerprint(), admin.getName())
			.map((pinned) -> ResponseEntity.created(URI.create("/api/v1/contacts/partners/" + pinned.id()))
				.body(PartnerView.of(pinned)));
	}

	/**
	 * A partner presents a new key: accepted at once when the pinned key certified it,
	 * otherwise quarantined until an admin confirms its fingerprint out of band. Either
	 * way the decision is recorded.
	 */
	@PostMapping(path = "/{id}/keys", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<ResponseEntity<PartnerView>> rotate(@PathVariable String id, @Valid @RequestBody NewKeyRequest request,
			Authentication admin) {
		return this.partners.rotate(id, request.publicKey(), admin.getName())
			.map((rotation) -> ResponseEntity.status(rotation.accepted() ? 200 : 202)
				.body(PartnerView.of(rotation.partner())));
	}

	@PostMapping(path = "/{id}/keys/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<PartnerView> confirm(@PathVariable String id, @Valid @RequestBody ConfirmRequest request,
			Authentication admin) {
		return this.partners.confirm(id, request.fingerprint(), admin.getName()).map(PartnerView::of);
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN','AUDITOR')")
	Mono<List<PartnerView>> list() {
		return this.partners.all().map((all) -> all.stream().map(PartnerView::of).toList());
	}

	@GetMapping("/{id}/confidential")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN')")
	Mono<ConfidentialView> confidential(@PathVariable String id, Authentication reader) {
		return this.partners.readConfidential(id, reader)
			.map((card) -> new ConfidentialView(id, card.cardVersion(), card.confidential(), card.receivedAt()));
	}

	/**
	 * A card a partner sealed (with Caduceus or GnuPG) and sent by other means, e.g.
	 * e-mail: the armored message as the body.
	 */
	@PostMapping(path = "/{id}/import", consumes = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<PartnerView> importCard(@PathVariable String id, @RequestBody String armored, Authentication admin) {
		return this.partners.importCard(id, armored, admin.getName()).map(PartnerView::of);
	}

	/**
	 * This node's card, signed with its team key and encrypted to the partner's pinned
	 * key, armored, to send by e-mail to a CERT that runs no node. Recorded as a
	 * disclosure.
	 */
	@GetMapping(path = "/{id}/export", produces = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<String> export(@PathVariable String id, Authentication admin) {
		return this.partners.export(id, admin);
	}

}
