package org.caduceus.contacts.partner;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.caduceus.contacts.card.CardRead;
import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.card.TeamCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.contacts.partner.PartnerProblems.PartnerExists;
import org.caduceus.contacts.partner.PartnerProblems.UnknownPartner;
import org.caduceus.openpgp.KeyRotation;
import org.caduceus.openpgp.OpenPgpRejected;
import org.caduceus.openpgp.TeamKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
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

	private static final Logger log = LoggerFactory.getLogger(PartnerController.class);

	private final ReactiveMongoTemplate mongo;

	private final OwnCard ownCard;

	private final PartnerCards cards;

	private final Clock clock;

	PartnerController(ReactiveMongoTemplate mongo, OwnCard ownCard, PartnerCards cards, Clock clock) {
		this.mongo = mongo;
		this.ownCard = ownCard;
		this.cards = cards;
		this.clock = clock;
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
		PGPPublicKeyRing ring;
		try {
			ring = TeamKey.readPublic(request.publicKey());
		}
		catch (OpenPgpRejected ex) {
			throw new InvalidPartnerData("malformed-key", "publicKey", "not an armored OpenPGP public key");
		}
		if (ring.getPublicKey().hasRevocation()) {
			throw new InvalidPartnerData("revoked-key", "publicKey",
					"the key is revoked; ask the partner for its new one");
		}
		String actual = TeamKey.fingerprint(ring.getPublicKey());
		String expected = request.fingerprint().replace(" ", "").toUpperCase(Locale.ROOT);
		if (!actual.equals(expected)) {
			throw new InvalidPartnerData("fingerprint-mismatch", "fingerprint",
					"the key's fingerprint is " + actual + ", not the " + expected + " confirmed out of band");
		}
		PartnerTeam partner = new PartnerTeam(request.id(), request.country(), request.publicKey().strip(), actual,
				admin.getName(), now(), null, null, List.of(new PartnerTeam.KeyDecision(now(), admin.getName(), "",
						actual, "PINNED", "fingerprint confirmed out of band")));
		return this.mongo.insert(partner)
			.onErrorMap(DuplicateKeyException.class, (ex) -> new PartnerExists(request.id()))
			.doOnNext((pinned) -> log.info("partner team {} pinned with key {} by {}", pinned.id(),
					pinned.fingerprint(), pinned.pinnedBy()))
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
		PGPPublicKeyRing next;
		try {
			next = TeamKey.readPublic(request.publicKey());
		}
		catch (OpenPgpRejected ex) {
			throw new InvalidPartnerData("malformed-key", "publicKey", "not an armored OpenPGP public key");
		}
		String nextFingerprint = TeamKey.fingerprint(next.getPublicKey());
		return partner(id).flatMap((partner) -> {
			if (nextFingerprint.equals(partner.fingerprint())) {
				return Mono.error(new InvalidPartnerData("same-key", "publicKey", "this key is pinned already"));
			}
			Instant now = now();
			String armored = request.publicKey().strip();
			boolean endorsed = KeyRotation.endorsedBy(next, TeamKey.readPublic(partner.publicKey()));
			PartnerTeam updated = endorsed
					? partner.withKeys(armored, nextFingerprint, null,
							new PartnerTeam.KeyDecision(now, admin.getName(), partner.fingerprint(), nextFingerprint,
									"ACCEPTED", "certified by the pinned key"))
					: partner.withKeys(partner.publicKey(), partner.fingerprint(),
							new PartnerTeam.PendingKey(armored, nextFingerprint, now, admin.getName()),
							new PartnerTeam.KeyDecision(now, admin.getName(), partner.fingerprint(), nextFingerprint,
									"QUARANTINED",
									"not certified by the pinned key: confirm its fingerprint out of band"));
			log.info("new key {} of partner {}: {}", nextFingerprint, id, endorsed ? "accepted" : "quarantined");
			return this.mongo.save(updated)
				.map((saved) -> ResponseEntity.status(endorsed ? 200 : 202).body(PartnerView.of(saved)));
		});
	}

	@PostMapping(path = "/{id}/keys/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<PartnerView> confirm(@PathVariable String id, @Valid @RequestBody ConfirmRequest request,
			Authentication admin) {
		return partner(id).flatMap((partner) -> {
			PartnerTeam.PendingKey pending = partner.pendingKey();
			if (pending == null) {
				return Mono.error(new InvalidPartnerData("no-pending-key", "fingerprint",
						"no key of " + id + " is waiting for confirmation"));
			}
			String confirmed = request.fingerprint().replace(" ", "").toUpperCase(Locale.ROOT);
			if (!confirmed.equals(pending.fingerprint())) {
				return Mono.error(new InvalidPartnerData("fingerprint-mismatch", "fingerprint",
						"the waiting key's fingerprint is " + pending.fingerprint() + ", not " + confirmed));
			}
			log.info("new key {} of partner {} confirmed by {}", confirmed, id, admin.getName());
			return this.mongo.save(partner.withKeys(pending.publicKey(), pending.fingerprint(), null,
					new PartnerTeam.KeyDecision(now(), admin.getName(), partner.fingerprint(), pending.fingerprint(),
							"CONFIRMED", "fingerprint confirmed out of band")));
		}).map(PartnerView::of);
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN','AUDITOR')")
	Mono<List<PartnerView>> list() {
		return this.mongo.find(new Query().with(Sort.by("_id")), PartnerTeam.class).map(PartnerView::of).collectList();
	}

	@GetMapping("/{id}/confidential")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN')")
	Mono<ConfidentialView> confidential(@PathVariable String id, Authentication reader) {
		return partner(id).flatMap((partner) -> {
			PartnerTeam.ReceivedCard card = partner.card();
			if (card == null) {
				return Mono.error(new UnknownPartner(id + "' has sent no card yet; no card from '" + id));
			}
			return this.mongo.insert(CardRead.of(reader, now(), id, card.cardVersion(), "read"))
				.thenReturn(new ConfidentialView(id, card.cardVersion(), card.confidential(), card.receivedAt()));
		});
	}

	/**
	 * A card a partner sealed (with Caduceus or GnuPG) and sent by other means, e.g.
	 * e-mail: the armored message as the body.
	 */
	@PostMapping(path = "/{id}/import", consumes = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<PartnerView> importCard(@PathVariable String id, @RequestBody String armored, Authentication admin) {
		return partner(id).flatMap((partner) -> {
			SealedCard sealed = this.cards.open(partner, armored);
			return this.cards.store(partner, sealed, "import", admin.getName());
		}).map(PartnerView::of);
	}

	/**
	 * This node's card, signed with its team key and encrypted to the partner's pinned
	 * key, armored, to send by e-mail to a CERT that runs no node. Recorded as a
	 * disclosure.
	 */
	@GetMapping(path = "/{id}/export", produces = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<String> export(@PathVariable String id, Authentication admin) {
		return partner(id).zipWith(this.ownCard.get()).flatMap((both) -> {
			PartnerTeam partner = both.getT1();
			TeamCard card = both.getT2();
			String armored = this.cards.seal(card, partner);
			return this.mongo.insert(CardRead.of(admin, now(), TeamCard.OWN, card.version(), "export to " + id))
				.thenReturn(armored);
		});
	}

	private Mono<PartnerTeam> partner(String id) {
		return this.cards.partner(id);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
