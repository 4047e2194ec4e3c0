package org.caduceus.contacts.partner;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.caduceus.contacts.card.CardRead;
import org.caduceus.contacts.card.CardReadStore;
import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.card.TeamCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.contacts.partner.PartnerProblems.UnknownPartner;
import org.caduceus.openpgp.OpenPgpRejected;
import org.caduceus.openpgp.TeamKey;
import org.caduceus.web.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Partner teams: pinning and rotating their keys, reading the cards they sent (each
 * confidential read recorded first), and the armored exchange by e-mail.
 */
@Service
class PartnerService {

	private static final Logger log = LoggerFactory.getLogger(PartnerService.class);

	private final PartnerStore partners;

	private final PartnerCards cards;

	private final OwnCard ownCard;

	private final CardReadStore reads;

	private final Clock clock;

	PartnerService(PartnerStore partners, PartnerCards cards, OwnCard ownCard, CardReadStore reads, Clock clock) {
		this.partners = partners;
		this.cards = cards;
		this.ownCard = ownCard;
		this.reads = reads;
		this.clock = clock;
	}

	/**
	 * What a new key did: accepted at once, or quarantined until an admin confirms it.
	 *
	 * @param partner the partner as stored
	 * @param accepted whether the new key is the pinned one now
	 */
	record Rotation(PartnerTeam partner, boolean accepted) {
	}

	/** Pins a partner's key by the fingerprint an admin confirmed out of band. */
	Mono<PartnerTeam> pin(String id, String country, String publicKey, String fingerprint, String by) {
		String armored = publicKey.strip();
		PartnerTeam partner = PartnerTeam.pin(id, country, armored, readKey(publicKey), fingerprint, now(), by);
		return this.partners.create(partner)
			.doOnEach(RequestIds.onNext((pinned) -> log.info("partner team {} pinned with key {} by {}", pinned.id(),
					pinned.fingerprint(), pinned.pinnedBy())));
	}

	/**
	 * A partner's new key: accepted when the pinned key certified it, else quarantined.
	 */
	Mono<Rotation> rotate(String id, String publicKey, String by) {
		PGPPublicKeyRing next = readKey(publicKey);
		return this.cards.partner(id).flatMap((partner) -> {
			PartnerTeam updated = partner.present(next, publicKey.strip(), now(), by);
			boolean accepted = !updated.quarantined();
			log.info("new key {} of partner {}: {}", TeamKey.fingerprint(next.getPublicKey()), id,
					accepted ? "accepted" : "quarantined");
			return this.partners.save(updated).map((saved) -> new Rotation(saved, accepted));
		});
	}

	/** An admin confirms the waiting key's fingerprint out of band. */
	Mono<PartnerTeam> confirm(String id, String fingerprint, String by) {
		return this.cards.partner(id).flatMap((partner) -> {
			PartnerTeam confirmed = partner.confirm(fingerprint, now(), by);
			log.info("new key {} of partner {} confirmed by {}", confirmed.fingerprint(), id, by);
			return this.partners.save(confirmed);
		});
	}

	Mono<List<PartnerTeam>> all() {
		return this.partners.all().collectList();
	}

	/** The card a partner sent, once the read of its confidential part is recorded. */
	Mono<PartnerTeam.ReceivedCard> readConfidential(String id, Authentication reader) {
		return this.cards.partner(id).flatMap((partner) -> {
			PartnerTeam.ReceivedCard card = partner.card();
			if (card == null) {
				return Mono.error(UnknownPartner.withoutCard(id));
			}
			return this.reads.record(CardRead.of(reader, now(), id, card.cardVersion(), "read")).thenReturn(card);
		});
	}

	/** A card the partner sealed and sent by other means, e.g. e-mail. */
	Mono<PartnerTeam> importCard(String id, String armored, String by) {
		return this.cards.partner(id)
			.flatMap((partner) -> this.cards.store(partner, this.cards.open(partner, armored), "import", by));
	}

	/**
	 * This node's card sealed for the partner, armored; recorded as a disclosure before
	 * it is handed out.
	 */
	Mono<String> export(String id, Authentication admin) {
		return this.cards.partner(id).zipWith(this.ownCard.get()).flatMap((both) -> {
			PartnerTeam partner = both.getT1();
			TeamCard card = both.getT2();
			String armored = this.cards.seal(card, partner);
			return this.reads.record(CardRead.of(admin, now(), TeamCard.OWN, card.version(), "export to " + id))
				.thenReturn(armored);
		});
	}

	private static PGPPublicKeyRing readKey(String armored) {
		try {
			return TeamKey.readPublic(armored);
		}
		catch (OpenPgpRejected ex) {
			throw new InvalidPartnerData("malformed-key", "publicKey", "not an armored OpenPGP public key");
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
