package org.caduceus.contacts.partner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.caduceus.contacts.card.TeamCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.openpgp.KeyRotation;
import org.caduceus.openpgp.TeamKey;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner team whose key an admin pinned after checking its fingerprint out of band,
 * and the last card it sent. Its keys change only through {@link #pin}, {@link #present}
 * and {@link #confirm}, which check the rule and record the decision; a card is taken in
 * through {@link #receive}.
 *
 * @param id the partner's id: its node id, or a name for a CERT without a node
 * @param country its country
 * @param publicKey its OpenPGP public key, armored
 * @param fingerprint the pinned fingerprint (40 upper-case hex digits)
 * @param pinnedBy the admin who pinned it
 * @param pinnedAt when
 * @param card the last card received from it, verified against the pinned key
 * @param pendingKey a new key waiting for an admin's out-of-band confirmation
 * @param keyDecisions every decision on its keys, oldest first
 */
@Document(PartnerTeam.COLLECTION)
public record PartnerTeam(@Id String id, String country, String publicKey, String fingerprint, String pinnedBy,
		Instant pinnedAt, @Nullable ReceivedCard card, @Nullable PendingKey pendingKey,
		List<KeyDecision> keyDecisions) {

	static final String COLLECTION = "partner_teams";

	public PartnerTeam {
		keyDecisions = (keyDecisions != null) ? List.copyOf(keyDecisions) : List.of();
	}

	/**
	 * A partner pinned with the key whose fingerprint an admin confirmed out of band;
	 * refused when the key is revoked or its fingerprint is another one.
	 * @param ring the key, as read from {@code armored}
	 */
	static PartnerTeam pin(String id, String country, String armored, PGPPublicKeyRing ring,
			String confirmedFingerprint, Instant at, String by) {
		if (ring.getPublicKey().hasRevocation()) {
			throw new InvalidPartnerData("revoked-key", "publicKey",
					"the key is revoked; ask the partner for its new one");
		}
		String actual = TeamKey.fingerprint(ring.getPublicKey());
		String expected = normalized(confirmedFingerprint);
		if (!actual.equals(expected)) {
			throw new InvalidPartnerData("fingerprint-mismatch", "fingerprint",
					"the key's fingerprint is " + actual + ", not the " + expected + " confirmed out of band");
		}
		return new PartnerTeam(id, country, armored, actual, by, at, null, null,
				List.of(new KeyDecision(at, by, "", actual, "PINNED", "fingerprint confirmed out of band")));
	}

	/**
	 * The partner presents a new key: accepted at once when the pinned key certified it,
	 * otherwise quarantined until an admin confirms its fingerprint; refused when it is
	 * the pinned key.
	 * @param next the new key, as read from {@code armored}
	 */
	PartnerTeam present(PGPPublicKeyRing next, String armored, Instant at, String by) {
		String nextFingerprint = TeamKey.fingerprint(next.getPublicKey());
		if (nextFingerprint.equals(this.fingerprint)) {
			throw new InvalidPartnerData("same-key", "publicKey", "this key is pinned already");
		}
		if (KeyRotation.endorsedBy(next, TeamKey.readPublic(this.publicKey))) {
			return withKeys(armored, nextFingerprint, null, new KeyDecision(at, by, this.fingerprint, nextFingerprint,
					"ACCEPTED", "certified by the pinned key"));
		}
		return withKeys(this.publicKey, this.fingerprint, new PendingKey(armored, nextFingerprint, at, by),
				new KeyDecision(at, by, this.fingerprint, nextFingerprint, "QUARANTINED",
						"not certified by the pinned key: confirm its fingerprint out of band"));
	}

	/** Whether a presented key waits for an admin's confirmation. */
	boolean quarantined() {
		return this.pendingKey != null;
	}

	/**
	 * An admin confirmed the waiting key's fingerprint out of band: it becomes the pinned
	 * key; refused when no key waits or its fingerprint is another one.
	 */
	PartnerTeam confirm(String fingerprint, Instant at, String by) {
		PendingKey pending = this.pendingKey;
		if (pending == null) {
			throw new InvalidPartnerData("no-pending-key", "fingerprint",
					"no key of " + this.id + " is waiting for confirmation");
		}
		String confirmed = normalized(fingerprint);
		if (!confirmed.equals(pending.fingerprint())) {
			throw new InvalidPartnerData("fingerprint-mismatch", "fingerprint",
					"the waiting key's fingerprint is " + pending.fingerprint() + ", not " + confirmed);
		}
		return withKeys(pending.publicKey(), pending.fingerprint(), null, new KeyDecision(at, by, this.fingerprint,
				pending.fingerprint(), "CONFIRMED", "fingerprint confirmed out of band"));
	}

	/**
	 * The partner with {@code sealed} as its last card: opened and checked against the
	 * pinned key by the caller; its fingerprint is the pinned one.
	 */
	PartnerTeam receive(SealedCard sealed, Instant at, String via, String by) {
		SealedCard.PublicPart given = sealed.publicPart();
		ReceivedCard received = new ReceivedCard(
				new TeamCard.PublicPart(given.teamName(), given.country(), given.constituency(), given.sector(),
						given.website(), given.rfc2350Url(), this.fingerprint),
				new TeamCard.Confidential(sealed.confidential().phone24x7(), sealed.confidential().emergencyEmail(),
						sealed.confidential()
							.onCall()
							.stream()
							.map((person) -> new TeamCard.OnCall(person.name(), person.phone(), person.email(),
									person.hours()))
							.toList()),
				sealed.cardVersion(), sealed.sentAt(), at, via, by);
		return new PartnerTeam(this.id, this.country, this.publicKey, this.fingerprint, this.pinnedBy, this.pinnedAt,
				received, this.pendingKey, this.keyDecisions);
	}

	private PartnerTeam withKeys(String publicKey, String fingerprint, @Nullable PendingKey pending,
			KeyDecision decision) {
		List<KeyDecision> decisions = new ArrayList<>(this.keyDecisions);
		decisions.add(decision);
		return new PartnerTeam(this.id, this.country, publicKey, fingerprint, this.pinnedBy, this.pinnedAt, this.card,
				pending, decisions);
	}

	private static String normalized(String fingerprint) {
		return fingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
	}

	/**
	 * A new key that was not certified by the pinned one.
	 *
	 * @param publicKey armored
	 * @param fingerprint its fingerprint
	 * @param receivedAt when it was presented
	 * @param receivedBy by which admin
	 */
	public record PendingKey(String publicKey, String fingerprint, Instant receivedAt, String receivedBy) {
	}

	/**
	 * A decision on a partner's key.
	 *
	 * @param at when
	 * @param by who (an admin)
	 * @param from the fingerprint pinned before
	 * @param to the fingerprint presented
	 * @param decision {@code ACCEPTED} (certified by the pinned key), {@code QUARANTINED}
	 * (not certified), {@code CONFIRMED} (an admin confirmed it out of band)
	 * @param reason in words
	 */
	public record KeyDecision(Instant at, String by, String from, String to, String decision, String reason) {
	}

	/**
	 * A card as received.
	 *
	 * @param publicPart its public part
	 * @param confidential its confidential part (personal data)
	 * @param cardVersion the sender's version of it
	 * @param sentAt when the sender sealed it
	 * @param receivedAt when it arrived here
	 * @param via {@code import} (armored, e.g. from e-mail) or {@code federation}
	 * @param receivedBy who brought it in
	 */
	public record ReceivedCard(TeamCard.PublicPart publicPart, TeamCard.Confidential confidential, long cardVersion,
			Instant sentAt, Instant receivedAt, String via, String receivedBy) {
	}

}
